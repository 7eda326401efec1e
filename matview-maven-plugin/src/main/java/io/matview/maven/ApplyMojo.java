package io.matview.maven;

import io.matview.Matview;
import io.matview.plan.ApplyOption;
import io.matview.plan.ApplyResult;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Makes the database match the view files, in one transaction: all of the plan or nothing. */
@Mojo(name = "apply", requiresProject = false, threadSafe = true)
public class ApplyMojo extends AbstractMatviewMojo {
    /** Drops managed views whose files are gone (refused without it). */
    @Parameter(property = "matview.allowDrop", defaultValue = "false")
    boolean allowDrop;

    @Override
    void run(Matview matview) {
        ApplyResult result = allowDrop ? matview.apply(ApplyOption.ALLOW_DROP) : matview.apply();
        result.plan().toString().lines().forEach(getLog()::info);
        if (!result.plan().isEmpty()) {
            getLog().info("matview: applied " + result.plan().changes().size() + " change(s)");
        }
        result.warnings().forEach(w -> getLog().warn("matview: " + w));
    }
}
