package io.github.seisclr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells a seisclr model file (a zip holding a manifest) from other files, for the commands' checks. */
final class ModelFiles {
    private ModelFiles() {
    }

    /** @return whether the file starts as a zip archive (a model file, or another archive) */
    static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return whether the file is a zip archive that holds a model manifest (a seisclr model file) */
    static boolean isModel(Path p) {
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(p.toFile())) {
            return z.getEntry("manifest.json") != null;
        } catch (IOException e) {
            return false; // not a zip archive
        }
    }
}
