package io.matview.maven;

import io.matview.Matview;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints what apply would do to make the database match the view files; changes nothing. */
@Mojo(name = "plan", requiresProject = false, threadSafe = true)
public class PlanMojo extends AbstractMatviewMojo {
    @Override
    void run(Matview matview) {
        matview.plan().toString().lines().forEach(getLog()::info);
    }
}
