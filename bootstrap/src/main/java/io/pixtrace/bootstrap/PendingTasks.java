package io.pixtrace.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks the agent cannot wrap (fork/join tasks: the pool and the host hold the very same
 * object), remembered by identity and weakly until a worker starts them. {@link #isEmpty()}
 * is one volatile read, the fast path of every fork/join task execution.
 */
final class PendingTasks {
  private final ConcurrentHashMap<Key, QueuedTask> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  boolean isEmpty() {
    return size.get() == 0;
  }

  int size() {
    return size.get();
  }

  void put(Object task, QueuedTask queued) {
    expunge();
    if (map.put(new Key(task, collected), queued) == null) {
      size.incrementAndGet();
    }
  }

  /** Removes and returns what was remembered for {@code task}, or {@code null}. */
  QueuedTask remove(Object task) {
    QueuedTask q = map.remove(new Key(task, null));
    if (q != null) {
      size.decrementAndGet();
    }
    return q;
  }

  /** Forgets tasks that were collected without ever running (cancelled, pool dropped). */
  private void expunge() {
    java.lang.ref.Reference<?> r;
    while ((r = collected.poll()) != null) {
      if (map.remove(r) != null) {
        size.decrementAndGet();
      }
    }
  }

  /** Identity of a task, held weakly. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object task, ReferenceQueue<Object> queue) {
      super(task, queue);
      this.hash = System.identityHashCode(task);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (!(o instanceof Key)) {
        return false;
      }
      Object mine = get();
      return mine != null && mine == ((Key) o).get();
    }
  }
}
