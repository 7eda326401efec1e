package io.matview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.cli.CommandLineTest.Result;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * {@code --help} and {@code -h} on every command, found from picocli's model so that a new command is
 * covered without a change here; and the command lists of {@code matview --help}. Needs no database.
 */
class HelpTest {
    /** Every command below {@code matview}, at any depth, with its path ({@code ["plan"]}, …). */
    private static List<CommandLine> allCommands(CommandLine parent) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : parent.getSubcommands().values()) {
            if (!all.contains(sub) && sub.getParent() == parent) {
                all.add(sub);
                all.addAll(allCommands(sub));
            }
        }
        return all.stream().distinct().toList();
    }

    private static String[] path(CommandLine command, String... then) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        names.addAll(List.of(then));
        return names.toArray(String[]::new);
    }

    @TestFactory
    Stream<DynamicTest> everyCommandPrintsItsUsageForHelpAndExitsZero() {
        List<CommandLine> commands = allCommands(new CommandLine(new Main()));
        assertThat(commands).extracting(CommandLine::getCommandName).contains("plan", "apply", "demo", "help");
        return commands.stream().flatMap(command -> Stream.of("--help", "-h").map(flag -> {
            String[] args = path(command, flag);
            return DynamicTest.dynamicTest(String.join(" ", args), () -> {
                Result r = CommandLineTest.cli(args);

                assertThat(r.code()).as("exit code of matview %s; err: %s", String.join(" ", args), r.err()).isZero();
                assertThat(r.out()).as("usage of %s", (Object) args)
                        .contains("Usage: matview " + String.join(" ", path(command)));
                assertThat(r.err()).as("nothing on stderr, no database started").isEmpty();
            });
        }));
    }

    @Test
    void theTopCommandTakesHelpAndVersionToo() {
        assertThat(CommandLineTest.cli("--help").code()).isZero();
        assertThat(CommandLineTest.cli("-h").out()).startsWith("Usage: matview [-hV] [COMMAND]");
        assertThat(CommandLineTest.cli("--version").out()).startsWith("matview ");
    }

    /** A command list shows only the first paragraph of each description: it must be a whole sentence. */
    @Test
    void everyCommandListShowsAWholeSentencePerCommand() {
        for (CommandLine parent : Stream.concat(Stream.of(new CommandLine(new Main())),
                allCommands(new CommandLine(new Main())).stream()).toList()) {
            if (parent.getSubcommands().isEmpty()) {
                continue;
            }
            Result r = CommandLineTest.cli(path(parent, "--help"));
            Map<String, String> listed = commandList(r.out());
            assertThat(listed.keySet()).as("commands listed by matview %s--help", String.join(" ", path(parent, "")))
                    .containsExactlyInAnyOrderElementsOf(parent.getSubcommands().keySet());
            listed.forEach((name, summary) -> {
                var usage = parent.getSubcommands().get(name).getCommandSpec().usageMessage();
                // picocli lists a command's header if it has one, else the first paragraph of its description
                String first = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
                assertThat(summary).as("summary of %s", name)
                        .endsWith(".")
                        .isEqualTo(first.replaceAll("\\s+", " ").strip());
            });
        }
    }

    /** The "Commands:" section of a usage message: each name with its text, wrapped lines joined. */
    private static Map<String, String> commandList(String usage) {
        Map<String, String> commands = new LinkedHashMap<>();
        String current = null;
        boolean inList = false;
        for (String line : usage.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
            } else if (inList && line.matches("  \\S.*")) {
                String[] nameAndText = line.strip().split("\\s+", 2);
                current = nameAndText[0];
                commands.put(current, nameAndText.length > 1 ? nameAndText[1] : "");
            } else if (inList && line.matches("\\s{3,}\\S.*") && current != null) {
                commands.merge(current, line.strip(), (a, b) -> a + " " + b);
            } else if (inList) {
                inList = false;
            }
        }
        return commands;
    }
}
