package dev.roocode.cli.embedded;

import java.nio.file.Path;

/** Another process for {@link DataDirLockTest}: holds the lock on the folder given as argument until killed. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws InterruptedException {
        DataDirLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
