package io.github.seisclr.cli;

import io.github.seisclr.SeisclrException;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A command-line mistake (options that contradict each other, an output that would clobber an input): exit status 2. */
final class UsageException extends SeisclrException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    /**
     * Settings made from command-line options: a value the library refuses is a usage error (exit
     * status 2) that names the option, not the library's name for the setting ({@code --threshold
     * must be above 0 ...} rather than {@code thresholdOn must be above 0 ...}).
     *
     * @param build makes the settings: builder calls only, nothing that reads input or loads a model
     * @param names pairs: the library's name for a setting, then the option (with its unit where it
     *     differs) that sets it
     * @param <T> the settings
     * @return the settings
     */
    static <T> T options(Supplier<T> build, String... names) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            // one pass, longest name first, so that no option put in is itself rewritten
            java.util.Map<String, String> option = new java.util.HashMap<>();
            for (int i = 0; i + 1 < names.length; i += 2) {
                option.put(names[i], names[i + 1]);
            }
            String alternatives = option.keySet().stream().sorted((a, b) -> b.length() - a.length())
                    .map(Pattern::quote).collect(java.util.stream.Collectors.joining("|"));
            String m = String.valueOf(e.getMessage());
            if (alternatives.isEmpty()) {
                throw new UsageException(m);
            }
            Matcher found = Pattern.compile("\\b(" + alternatives + ")\\b").matcher(m);
            StringBuilder said = new StringBuilder();
            while (found.find()) {
                found.appendReplacement(said, Matcher.quoteReplacement(option.get(found.group(1))));
            }
            found.appendTail(said);
            throw new UsageException(said.toString());
        }
    }
}
