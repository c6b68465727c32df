package dev.signet.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time a process has used, from {@code /proc/PID/stat} (Linux; clock ticks of 1/100 s). */
final class ProcessCpu {
    /** USER_HZ: what the kernel counts /proc's times in (100 on every Linux architecture Signet runs on). */
    private static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {}

    /**
     * User and system CPU seconds of {@code pid} so far, with {@code reapedChildren} also those of
     * its children that have exited and been waited for; 0 for a process that is gone.
     */
    static double seconds(long pid, boolean reapedChildren) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return 0;
        }
        // the command name (field 2) is in parentheses and may hold spaces: count fields after it
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (reapedChildren) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        }
        return ticks / TICKS_PER_SECOND;
    }
}
