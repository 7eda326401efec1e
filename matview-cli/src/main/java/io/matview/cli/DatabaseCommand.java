package io.matview.cli;

import io.matview.Matview;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on a database: connects (or starts the embedded one), runs, disconnects. */
abstract class DatabaseCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try {
            return run(database.matview(err()));
        } finally {
            database.close();
        }
    }

    abstract int run(Matview matview) throws Exception;

    /** For commands that run until Ctrl-C or SIGTERM: see {@link DatabaseOptions#runUntilStopped}. */
    void runUntilStopped(AutoCloseable service) throws InterruptedException {
        database.runUntilStopped(service, err());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
