package io.pixtrace.examples.queue;

import java.util.concurrent.Semaphore;

/** A host's own semaphore class under {@code io.pixtrace.} but outside the agent's packages, with no permit. */
public final class HostRoom extends Semaphore {
  private static final long serialVersionUID = 1L;

  public HostRoom() {
    super(0);
  }
}
