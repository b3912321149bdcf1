package org.cdnbilling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time another process on this machine has used so far, all its threads, from {@code /proc/<pid>/stat}
 * (Linux): its user plus system time, counted in clock ticks.
 */
public final class ProcessCpu {

    private final Path stat;
    private final int ticksPerSecond;

    public ProcessCpu(int pid, int ticksPerSecond) {
        this.stat = Path.of("/proc", String.valueOf(pid), "stat");
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Seconds of CPU used since the process started. */
    public double seconds() throws IOException {
        String line = Files.readString(stat);
        // the command name in parentheses may contain spaces; utime and stime are the 12th and 13th fields after it
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) ticksPerSecond;
    }
}
