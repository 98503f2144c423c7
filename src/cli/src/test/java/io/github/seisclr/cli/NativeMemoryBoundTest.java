package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line bounds JavaCPP's resident-memory limit to the heap plus half as much (at least
 * 1 GiB) unless the user gives one. Checked in a JVM of its own: the property only counts before
 * JavaCPP loads, and this JVM's tests have loaded it.
 */
class NativeMemoryBoundTest {

    @Test
    void boundIsHeapAndHalfUnlessGiven() throws Exception {
        assertEquals(String.valueOf((512L << 20) + (1L << 30)), bound("-Xmx512m"));
        assertEquals(String.valueOf((4L << 30) + (2L << 30)), bound("-Xmx4g"));
        assertEquals("3G", bound("-Xmx4g", "-D" + Main.MAX_PHYSICAL + "=3G"));
        assertEquals("null", bound("-Xmx4g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=3G"), "the other spelling counts too");
    }

    /** @return the property as {@link Main#boundNativeMemory} leaves it in a JVM started with {@code options} */
    private static String bound(String... options) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.util.List.of(options));
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertTrue(!out.isEmpty(), "no output");
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    /** Prints the bound after {@link Main#boundNativeMemory}. */
    static final class Probe {
        public static void main(String[] args) {
            Main.boundNativeMemory();
            System.out.println(System.getProperty(Main.MAX_PHYSICAL));
        }
    }
}
