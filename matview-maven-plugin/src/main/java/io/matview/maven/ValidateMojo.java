package io.matview.maven;

import io.matview.Matview;
import io.matview.plan.Plan;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Fails the build, with the plan, when the database differs from the view files: the CI check "this
 * database matches main". Changes nothing.
 */
@Mojo(name = "validate", requiresProject = false, threadSafe = true)
public class ValidateMojo extends AbstractMatviewMojo {
    @Override
    void run(Matview matview) throws MojoFailureException {
        Plan plan = matview.plan();
        if (!plan.isEmpty()) {
            throw new MojoFailureException("matview: the database differs from the view files in " + viewsDirectory
                    + "; apply would do:\n" + plan + "\n  hint: run the apply goal, or bring the view files in line with the database");
        }
        getLog().info("matview: " + plan);
    }
}
