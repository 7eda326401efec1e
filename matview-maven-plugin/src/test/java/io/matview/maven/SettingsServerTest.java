package io.matview.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

/** The user and password of a settings.xml server, for teams that keep database passwords out of poms. */
class SettingsServerTest {
    @Test
    void theServerNamedByServerIdGivesItsDecryptedCredentials() throws Exception {
        PlanMojo mojo = mojoWith(server("reporting-db", "report", "{encrypted}"));
        mojo.serverId = "reporting-db";

        Server server = mojo.server();

        assertThat(server.getUsername()).isEqualTo("report");
        assertThat(server.getPassword()).isEqualTo("decrypted:{encrypted}");
    }

    @Test
    void aServerIdMissingFromSettingsIsAClearError() {
        PlanMojo mojo = mojoWith(server("other", "u", "p"));
        mojo.serverId = "reporting-db";

        assertThatThrownBy(mojo::server)
                .isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("serverId: no <server> with id 'reporting-db' in settings.xml");
    }

    @Test
    void withoutServerIdNoServerIsRead() throws Exception {
        PlanMojo mojo = mojoWith(server("reporting-db", "report", "secret"));

        assertThat(mojo.server()).isNull();
    }

    private static Server server(String id, String user, String password) {
        Server server = new Server();
        server.setId(id);
        server.setUsername(user);
        server.setPassword(password);
        return server;
    }

    private static PlanMojo mojoWith(Server server) {
        PlanMojo mojo = new PlanMojo();
        mojo.settings = new Settings();
        mojo.settings.addServer(server);
        mojo.settingsDecrypter = request -> new SettingsDecryptionResult() {
            @Override
            public Server getServer() {
                Server decrypted = request.getServers().get(0).clone();
                decrypted.setPassword("decrypted:" + decrypted.getPassword());
                return decrypted;
            }

            @Override
            public List<Server> getServers() {
                return List.of(getServer());
            }

            @Override
            public Proxy getProxy() {
                return null;
            }

            @Override
            public List<Proxy> getProxies() {
                return List.of();
            }

            @Override
            public List<SettingsProblem> getProblems() {
                return List.of();
            }
        };
        return mojo;
    }
}
