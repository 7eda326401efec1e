package io.matview.maven;

import io.matview.Matview;
import io.matview.MatviewException;
import io.matview.view.Durations;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The configuration every goal shares, named as the CLI names it ({@code --db} is {@code url} here,
 * {@code --views} is {@code viewsDirectory}), and the connection: to {@code url}, or else to an embedded
 * PostgreSQL that lives as long as the build and is shared by the goals of one project.
 */
abstract class AbstractMatviewMojo extends AbstractMojo {
    /** Database URL: {@code jdbc:postgresql://HOST:PORT/DB} or {@code postgres://USER:PASSWORD@HOST:PORT/DB}; none: an embedded PostgreSQL. */
    @Parameter(property = "matview.url")
    String url;

    /** User, when the URL has none. */
    @Parameter(property = "matview.user")
    String user;

    /** Password, when the URL has none; better from settings.xml through {@code serverId}. */
    @Parameter(property = "matview.password")
    String password;

    /** The id of a {@code <server>} in settings.xml whose username and password are used when {@code user} or {@code password} is not set. */
    @Parameter(property = "matview.serverId")
    String serverId;

    /** Directory of view files. */
    @Parameter(property = "matview.viewsDirectory", defaultValue = "${project.basedir}/views")
    File viewsDirectory;

    /** Schema of views whose file name has none. */
    @Parameter(property = "matview.schema", defaultValue = "public")
    String schema;

    /** How long apply waits for a lock before it gives up, in the duration syntax of view files ({@code 5s}, {@code 1min}). */
    @Parameter(property = "matview.lockTimeout", defaultValue = "5s")
    String lockTimeout;

    /** Skips the goal. */
    @Parameter(property = "matview.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipped()) {
            getLog().info("matview: skipped");
            return;
        }
        try (Matview matview = connect()) {
            run(matview);
        } catch (MatviewException e) {
            // without the cause: Maven would print its message, the core's own words, after ours
            getLog().debug(e);
            throw new MojoExecutionException(PluginWording.message(e));
        }
    }

    abstract void run(Matview matview) throws MojoExecutionException, MojoFailureException;

    /** Whether a goal's own skip setting is on (besides {@code matview.skip}). */
    boolean skipped() {
        return false;
    }

    private Matview connect() throws MojoExecutionException {
        Matview.Builder builder = Matview.configure()
                .viewsDirectory(relative(viewsDirectory))
                .defaultSchema(schema)
                .lockTimeout(Durations.parse(lockTimeout));
        if (url == null || url.isBlank()) {
            EmbeddedServer embedded = EmbeddedServer.forBuild(pluginContext(), getLog());
            return builder.url(embedded.url(), embedded.user(), null).load();
        }
        String jdbcUrl;
        try {
            jdbcUrl = Matview.toJdbcUrl(url);
        } catch (MatviewException e) {
            throw new MatviewException(e.code(), e.what(), "url", e.hint(), e);
        }
        Server server = server();
        String u = user != null ? user : server == null ? null : server.getUsername();
        String p = password != null ? password : server == null ? null : server.getPassword();
        return builder.url(jdbcUrl, u, p).load();
    }

    /**
     * The path relative to the working directory when it lies below it: reports and errors then name
     * {@code views/tests/a.test.sql:3}, as CI logs and editors link it, not an absolute path.
     */
    static Path relative(File file) {
        Path absolute = file.toPath().toAbsolutePath().normalize();
        Path workingDirectory = Path.of("").toAbsolutePath();
        return absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> pluginContext() {
        return (Map<Object, Object>) getPluginContext();
    }

    /** The settings.xml server named by {@code serverId}, its password decrypted. */
    Server server() throws MojoExecutionException {
        if (serverId == null || serverId.isBlank()) {
            return null;
        }
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            throw new MojoExecutionException("serverId: no <server> with id '" + serverId + "' in settings.xml"
                    + "\n  hint: add it to ~/.m2/settings.xml with <username> and <password>, or set user and password");
        }
        SettingsDecryptionResult result = settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem problem : result.getProblems()) {
            getLog().warn("matview: settings.xml server '" + serverId + "': " + problem.getMessage());
        }
        return result.getServer();
    }
}
