package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;
import io.github.seisclr.io.AtomicFiles;
import io.github.seisclr.io.Waveforms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A command's output locations, checked before any work starts (a run of an hour must not fail at
 * its end on a misspelt folder) and written atomically ({@link AtomicFiles}). Refused: an output
 * that is one of the command's input files or names another of its outputs, an existing miniSEED
 * file, a folder where a file is written and the reverse, a folder that cannot be created or written
 * in. A device or named pipe ({@code /dev/stdout}, a FIFO) is written through, not replaced.
 */
final class Outputs {
    private Outputs() {
    }

    /** Most bytes of one file name on the usual Linux and macOS file systems. */
    private static final int NAME_MAX = 255;

    /**
     * Checks a file output and creates its folder.
     *
     * @param option the option that names it, e.g. {@code --out}
     * @param file the file to be written (replaced when it exists)
     * @param inputs the command's input files and folders
     * @param model whether the output is a model file, which may replace a model (a zip archive) and
     *     nothing else; any other output replaces neither a model nor another zip archive (review: {@code
     *     detect --out station.zip} for {@code --model station.zip} overwrote a trained model with a table)
     * @return {@code file}
     * @throws UsageException when the output cannot be what it is asked to be
     * @throws SeisclrException when its folder cannot be created or written in
     */
    static Path file(String option, Path file, Collection<Path> inputs, boolean model) {
        if (file.getFileName() == null) {
            throw new UsageException(option + " (" + file + "): names no file");
        }
        if (file.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            throw new UsageException(option + " (" + file + "): the file name is longer than " + NAME_MAX
                    + " bytes, the file system's limit");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + " (" + file + "): is a folder; give a file name, e.g. "
                    + file.resolve("out"));
        }
        for (Path in : inputs) {
            if (same(file, in)) {
                throw new UsageException(option + " (" + file + "): is an input of this command (or another of its"
                        + " outputs); it would be overwritten. Give another file name");
            }
        }
        if (AtomicFiles.writtenThrough(file)) {
            // a device, a named pipe, /dev/stdout: written through as it is, never replaced (nor read
            // to see whether it holds miniSEED: a pipe would block)
            if (!Files.isWritable(file)) {
                throw new SeisclrException("cannot write " + option + " (" + file + "): permission denied");
            }
            return file;
        }
        if (Waveforms.isMiniSeed(file)) {
            throw new UsageException(option + " (" + file + "): is a miniSEED file; it would be overwritten. Give"
                    + " another file name");
        }
        if (Files.isRegularFile(file)) {
            // an unreadable file cannot be told to be a model: no model output replaces it (diff review)
            boolean zip = Files.isReadable(file) && ModelFiles.isZip(file);
            if (!model && zip) {
                throw new UsageException(option + " (" + file + "): is " + (ModelFiles.isModel(file) ? "a seisclr model"
                        + " file" : "a zip archive") + "; it would be overwritten. Give another file name");
            }
            if (model && !zip && file.toFile().length() > 0) {
                // a model replaces a model (or an empty file, mktemp's); a table or notes given by mistake are kept
                throw new UsageException(option + " (" + file + "): exists and is not a model file (a zip); it would be"
                        + " overwritten. Give another file name, e.g. " + file.resolveSibling("model.zip"));
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        writableFolder(option, file, parent);
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new SeisclrException("cannot write " + option + " (" + file + "): permission denied");
        }
        return file;
    }

    /**
     * Checks a folder output and creates it.
     *
     * @param option the option that names it, e.g. {@code --plot}
     * @param dir the folder
     * @return {@code dir}
     * @throws UsageException when it names a file
     * @throws SeisclrException when it cannot be created or written in
     */
    static Path folder(String option, Path dir) {
        return folder(option, dir, List.of());
    }

    /**
     * Checks a folder output that must not be one of the command's input folders, and creates it:
     * the files written there (reports, figures) would be mixed with the input. A folder inside an
     * input folder is taken ({@code detect . --plot plots}): its files are not miniSEED, and a later
     * run lists them as skipped.
     *
     * @param option the option that names it
     * @param dir the folder
     * @param inputs the command's input folders and files
     * @return {@code dir}
     * @throws UsageException when it names a file or an input folder
     * @throws SeisclrException when it cannot be created or written in
     */
    static Path folder(String option, Path dir, Collection<Path> inputs) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException(option + " (" + dir + "): is a file, not a folder");
        }
        for (Path in : inputs) {
            if (Files.isDirectory(in) && AtomicFiles.real(dir).equals(AtomicFiles.real(in))) {
                throw new UsageException(option + " (" + dir + "): is the input folder " + in
                        + "; its files would be mixed with the input. Give another folder");
            }
        }
        writableFolder(option, dir, dir.toAbsolutePath());
        return dir;
    }

    /**
     * Writes a file atomically.
     *
     * @param option the option that named it, for the message
     * @param file the file
     * @param body what to write
     * @throws SeisclrException when it cannot be written; the file is then unchanged
     */
    static void write(String option, Path file, AtomicFiles.Body body) {
        try {
            AtomicFiles.write(file, body);
        } catch (IOException e) {
            throw new SeisclrException("cannot write " + option + " (" + file + "): " + AtomicFiles.reason(e), e);
        }
    }

    /** Writes text (UTF-8) atomically. */
    static void writeString(String option, Path file, String text) {
        write(option, file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void writableFolder(String option, Path shown, Path dir) {
        try {
            Files.createDirectories(dir);
            // the one sure test of "can write here" (read-only mounts, ACLs, quotas): create a file
            Files.delete(Files.createTempFile(dir, ".seisclr-check-", ".tmp"));
        } catch (IOException e) {
            // review: /proc exists but takes no files, and said "no such file or folder"
            String where = e instanceof java.nio.file.FileAlreadyExistsException
                    ? "a file stands where a folder is needed" : e instanceof java.nio.file.NoSuchFileException
                    && Files.isDirectory(dir) ? "no file can be created in this folder" : AtomicFiles.reason(e);
            throw new SeisclrException("cannot write " + option + " (" + shown + "): " + where
                    + (shown.equals(dir) ? "" : " (folder " + dir + ")"), e);
        }
    }

    /**
     * Whether {@code out} is (or resolves to) the file {@code in}, or lies in the input folder as one
     * of its files; for an output not yet there, whether both name the same path (two outputs of one
     * command given one name).
     */
    private static boolean same(Path out, Path in) {
        if (!Files.exists(out)) {
            return out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize());
        }
        try {
            if (Files.isSameFile(out, in)) {
                return true;
            }
            // a file inside an input folder is an input when it is read as one: miniSEED
            return Files.isDirectory(in) && out.toRealPath().startsWith(in.toRealPath()) && Waveforms.isMiniSeed(out);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Refuses two outputs of one command given one path, before anything is made (review: {@code detect
     * --out x.csv --plot x.csv} made the folder, ran the whole detection, then failed to write x.csv).
     *
     * @param optionsAndPaths each output's option and path, in pairs; a null path (not given) is left out
     * @throws UsageException naming both options where two paths are one
     */
    static void distinct(Object... optionsAndPaths) {
        for (int i = 0; i + 1 < optionsAndPaths.length; i += 2) {
            for (int j = i + 2; j + 1 < optionsAndPaths.length; j += 2) {
                Path a = (Path) optionsAndPaths[i + 1];
                Path b = (Path) optionsAndPaths[j + 1];
                if (a != null && b != null && AtomicFiles.real(a).equals(AtomicFiles.real(b))) {
                    throw new UsageException(optionsAndPaths[i] + " and " + optionsAndPaths[j] + " name the same path ("
                            + a + "); give each its own");
                }
            }
        }
    }

    /** @return the inputs as one list, nulls (options not given) left out */
    static List<Path> inputs(Collection<Path> paths, Path... more) {
        List<Path> all = new java.util.ArrayList<>(paths == null ? List.of() : paths);
        for (Path p : more) {
            if (p != null) {
                all.add(p);
            }
        }
        return all;
    }
}
