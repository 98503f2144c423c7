package io.github.seisclr.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line bounds JavaCPP's resident-memory limit to twice the heap (at least the heap plus
 * 1 GiB) unless the user gives one. Checked in a JVM of its own: the property only counts before
 * JavaCPP loads, and this JVM's tests have loaded it.
 */
class NativeMemoryBoundTest {

    @Test
    void boundIsHeapAndHalfUnlessGiven() throws Exception {
        String[] small = bound("-Xmx512m").split(" ");
        assertEquals(String.valueOf(Long.parseLong(small[0]) + (1L << 30)), small[1], "a small heap: heap + 1 GiB");
        String[] large = bound("-Xmx4g").split(" ");
        assertEquals(String.valueOf(2 * Long.parseLong(large[0])), large[1], "twice the heap");
        assertEquals("3G", bound("-Xmx4g", "-D" + Main.MAX_PHYSICAL + "=3G").split(" ")[1]);
        assertEquals("null", bound("-Xmx4g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=3G").split(" ")[1],
                "the other spelling counts too");
    }

    /**
     * @return the maximum heap (which the collector may report below {@code -Xmx}) and the property as
     *     {@link Main#boundNativeMemory} leaves it, in a JVM started with {@code options}
     */
    private static String bound(String... options) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.util.List.of(options));
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the probe did not end");
        assertEquals(0, p.exitValue(), out);
        assertTrue(!out.isEmpty(), "no output");
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    /** Prints the bound after {@link Main#boundNativeMemory}. */
    static final class Probe {
        public static void main(String[] args) {
            Main.boundNativeMemory();
            System.out.println(Runtime.getRuntime().maxMemory() + " " + System.getProperty(Main.MAX_PHYSICAL));
        }
    }
}
