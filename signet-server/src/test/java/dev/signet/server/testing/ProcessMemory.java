package dev.signet.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's memory as Linux reports it, for the memory tests. */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** The peak resident set size ({@code VmHWM}) of process {@code pid}, in kB. */
    public static long peakResidentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmHWM in /proc/" + pid + "/status");
    }
}
