package io.pixtrace.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMemoryTest {
  @Test
  void readsResidentAndVirtualKilobytesAsBytes(@TempDir Path dir) throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nVmPeak:\t 9000 kB\nVmSize:\t  4194304 kB\nVmRSS:\t   204800 kB\nThreads:\t40\n");
    assertThat(ProcessMemory.read(status)).containsExactly(204800L * 1024, 4194304L * 1024);
  }

  @Test
  void missingLinesOrFileAreMinusOne(@TempDir Path dir) throws Exception {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nVmRSS:\t12 pages\n");
    assertThat(ProcessMemory.read(status)).containsExactly(-1L, -1L);
    assertThat(ProcessMemory.read(dir.resolve("absent"))).containsExactly(-1L, -1L);
  }

  @Test
  void thisProcessHasResidentMemoryBelowItsVirtualMemory() {
    assertThat(ProcessMemory.residentBytes()).isPositive().isLessThan(ProcessMemory.virtualBytes());
  }
}
