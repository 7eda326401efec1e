package io.matview.internal.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import io.matview.view.QualifiedName;
import io.matview.view.ViewFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The views of a project together: names from file names, duplicates, dependencies, order, cycles, loading. */
class ViewSetTest {

    /** The error names {@code file} and {@code line}, its what holds {@code what}, its message says what to do. */
    private static void assertError(ViewFileException e, Path file, int line, String what, String todo) {
        assertThat(e.file()).as("file").isEqualTo(file);
        assertThat(e.line()).as("line").isEqualTo(line);
        assertThat(e.where()).as("where").isEqualTo(line > 0 ? file + ":" + line : file.toString());
        assertThat(e.getMessage()).as("message").startsWith(e.where() + ": ");
        assertThat(e.what()).as("what").contains(what);
        assertThat(e.getMessage()).as("what to do").contains(todo);
    }

    private static QualifiedName pub(String name) {
        return new QualifiedName("public", name);
    }

    /** Files in the given order: path, text, path, text, … */
    private static Map<Path, String> files(String... pathsAndTexts) {
        Map<Path, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            files.put(Path.of(pathsAndTexts[i]), pathsAndTexts[i + 1]);
        }
        return files;
    }

    private static ViewSet parse(String... pathsAndTexts) {
        return ViewSet.parse(files(pathsAndTexts), "public");
    }

    private static List<String> order(ViewSet set) {
        return set.inDependencyOrder().stream().map(v -> v.name().toString()).toList();
    }

    private static ViewDefinition view(ViewSet set, QualifiedName name) {
        return set.get(name).orElseThrow(() -> new AssertionError("no view " + name + " in " + set.names()));
    }

    @Nested
    class Names {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "a.sql,                              public.a",
            "daily_revenue.sql,                  public.daily_revenue",
            "reporting.daily_revenue.sql,        reporting.daily_revenue",
            "views/sub/dir/x1$_y.sql,            public.x1$_y",
            "views/reporting/reporting.b.sql,    reporting.b",
            "_private.sql,                       public._private",
        })
        void fileNameGivesTheViewName(String path, String name) {
            ViewSet set = parse(path, "select 1");

            assertThat(set.names()).extracting(QualifiedName::toString).containsExactly(name);
            assertThat(set.size()).isEqualTo(1);
            assertThat(set.all()).singleElement().satisfies(v -> assertThat(v.source().file()).isEqualTo(Path.of(path)));
        }

        @Test
        void unqualifiedFileNameTakesTheDefaultSchema() {
            ViewSet set = ViewSet.parse(files("a.sql", "select 1", "other.b.sql", "select 1"), "app");

            assertThat(set.names()).containsExactly(new QualifiedName("app", "a"), new QualifiedName("other", "b"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"Foo.sql", "a.b.c.sql", "my-view.sql", "1abc.sql", "a .sql", ".sql", "reporting..a.sql",
            "a.SQL", "über.sql"})
        void fileNameThatGivesNoViewNameIsAnError(String fileName) {
            Path path = Path.of("views", "sub", fileName);
            assertThatThrownBy(() -> ViewSet.parse(Map.of(path, "select 1"), "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, path, 0,
                            "cannot derive a view name from the file name '" + fileName + "'",
                            "name it name.sql or schema.name.sql, in lower case letters, digits and underscores"));
        }

        @Test
        void nameOf63BytesIsAcceptedAndOf64BytesIsAnError() {
            String name63 = "v".repeat(63);
            assertThat(parse(name63 + ".sql", "select 1").names()).containsExactly(pub(name63));

            String name64 = "v".repeat(64);
            Path path = Path.of("views", name64 + ".sql");
            assertThatThrownBy(() -> ViewSet.parse(Map.of(path, "select 1"), "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, path, 0,
                            "the name public." + name64 + " is longer than PostgreSQL's 63-byte limit",
                            "shorten the file name"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "pg_temp.x.sql,             temporary schema",
            "pg_temp_3.x.sql,           temporary schema",
            "pg_toast_temp_1.x.sql,     temporary schema",
            "pg_catalog.x.sql,          system catalogs",
            "pg_toast.x.sql,            system catalogs",
            "pg_toast_7.x.sql,          system catalogs",
            "pg_anything.x.sql,         system catalogs",
            "information_schema.x.sql,  information schema",
            "matview.x.sql,             Matview's own catalog schema",
            "views/sub/matview.x.sql,   Matview's own catalog schema",
        })
        void fileNameInAReservedSchemaIsAnError(String fileName, String why) {
            Path path = Path.of(fileName);
            String schema = path.getFileName().toString().split("\\.")[0];
            assertThatThrownBy(() -> ViewSet.parse(files("ok.sql", "select 1", fileName, "select 1"), "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, path, 0,
                            "its file name puts it in schema " + schema + ", which is", "put the view in a schema of your own"))
                    .hasMessageContaining(why);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"PG_TEMP.x.sql", "Pg_Catalog.x.sql", "MATVIEW.x.sql", "\"pg_temp\".x.sql",
            "\"matview\".x.sql", "pg_temp .x.sql", "INFORMATION_SCHEMA.x.sql"})
        void reservedSchemaSpelledHostilelyIsAnErrorToo(String fileName) {
            Path path = Path.of(fileName);
            assertThatThrownBy(() -> ViewSet.parse(Map.of(path, "select 1"), "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertThat(e.file()).isEqualTo(path));
        }

        @ParameterizedTest(name = "default schema {0}")
        @ValueSource(strings = {"pg_temp", "pg_temp_12", "pg_catalog", "PG_CATALOG", "information_schema", "matview",
            "Matview", "pg_toast"})
        void reservedDefaultSchemaIsAnErrorNamingTheFile(String schema) {
            Path path = Path.of("views", "a.sql");
            assertThatThrownBy(() -> ViewSet.parse(Map.of(path, "select 1"), schema))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, path, 0,
                            "the default schema setting gives it schema " + schema + ", which is",
                            "set another default schema"));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"pgtemp.x.sql", "matviews.x.sql", "my_matview.x.sql", "temp.x.sql", "pg.x.sql"})
        void schemasThatOnlyLookReservedAreAccepted(String fileName) {
            assertThat(parse(fileName, "select 1").names()).hasSize(1);
        }

        @Test
        void schemaLongerThan63BytesIsAnError() {
            String schema = "s".repeat(64);
            Path path = Path.of(schema + ".a.sql");
            assertThatThrownBy(() -> ViewSet.parse(Map.of(path, "select 1"), "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, path, 0,
                            "longer than PostgreSQL's 63-byte limit", "shorten the file name"));
        }

        @Test
        void sameNameInTwoFilesAcrossSubdirectoriesIsAnError() {
            assertThatThrownBy(() -> parse("views/a.sql", "select 1", "views/sub/public.a.sql", "select 2"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("views/sub/public.a.sql"),
                            0, "view public.a is defined twice, also in views/a.sql", "keep one file per view"));
        }

        @Test
        void sameNameThroughTheDefaultSchemaIsAnError() {
            assertThatThrownBy(() -> ViewSet.parse(files("x/app.a.sql", "select 1", "y/a.sql", "select 1"), "app"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("y/a.sql"),
                            0, "view app.a is defined twice, also in x/app.a.sql", "keep one file per view"));
        }

        @Test
        void errorInOneOfManyFilesNamesThatFileAndLine() {
            assertThatThrownBy(() -> parse(
                    "a.sql", "select 1",
                    "b.sql", "-- materialized\n-- refersh: every 5 minutes\nselect 1\n",
                    "c.sql", "select 1"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("b.sql"), 2,
                            "unknown directive 'refersh'", "did you mean 'refresh'?"));
        }
    }

    @Nested
    class Dependencies {

        @Test
        void dependenciesAreFoundInTheSqlOfEachFile() {
            ViewSet set = parse(
                    "a.sql", "select id from orders",
                    "b.sql", "select * from a join reporting.c using (id)",
                    "reporting.c.sql", "select 1 as id",
                    "d.sql", "select a.id, c.id from public.a a, reporting.c c, b");

            assertThat(view(set, pub("a")).dependencies()).isEmpty();
            assertThat(view(set, pub("b")).dependencies())
                    .containsExactlyInAnyOrder(pub("a"), new QualifiedName("reporting", "c"));
            assertThat(view(set, pub("d")).dependencies())
                    .containsExactlyInAnyOrder(pub("a"), pub("b"), new QualifiedName("reporting", "c"));
            assertThat(view(set, pub("b")).references()).extracting(Reference::target)
                    .containsExactly(pub("a"), new QualifiedName("reporting", "c"));
            assertThat(view(set, pub("b")).declaredDependencies()).isEmpty();
        }

        @Test
        void nameInsideAStringOrCommentIsNotADependency() {
            ViewSet set = parse(
                    "a.sql", "select 1 as id",
                    "b.sql", String.join("\n",
                            "-- reads a? no",
                            "select 'from a' as s, $$a$$ as d, e'a\\'a' as e, \"a b\" as q -- from a",
                            "  /* join a on true */",
                            "  from orders"));

            assertThat(view(set, pub("b")).dependencies()).isEmpty();
            assertThat(set.inDependencyOrder()).hasSize(2);
        }

        @Test
        void unqualifiedNameReadsOnlyTheDefaultSchema() {
            Map<Path, String> files = files(
                    "reporting.c.sql", "select 1 as id",
                    "b.sql", "select * from c");

            assertThat(view(ViewSet.parse(files, "public"), pub("b")).dependencies()).isEmpty();
            assertThat(view(ViewSet.parse(files, "reporting"), new QualifiedName("reporting", "b")).dependencies())
                    .containsExactly(new QualifiedName("reporting", "c"));
        }

        @Test
        void schemaQualifiedReferenceResolvesToThatSchema() {
            ViewSet set = parse(
                    "a.sql", "select 1 as id",
                    "reporting.a.sql", "select 2 as id",
                    "x.sql", "select * from reporting.a",
                    "y.sql", "select * from a",
                    "z.sql", "select * from \"reporting\".\"a\" join public.a using (id)");

            assertThat(view(set, pub("x")).dependencies()).containsExactly(new QualifiedName("reporting", "a"));
            assertThat(view(set, pub("y")).dependencies()).containsExactly(pub("a"));
            assertThat(view(set, pub("z")).dependencies())
                    .containsExactlyInAnyOrder(pub("a"), new QualifiedName("reporting", "a"));
        }

        @Test
        void declaredDependencyCountsLikeOneFoundInTheSql() {
            ViewSet set = parse(
                    "a.sql", "-- depends: z, reporting.y\nselect 1",
                    "z.sql", "select 1",
                    "reporting.y.sql", "select 1");

            assertThat(view(set, pub("a")).declaredDependencies())
                    .containsExactlyInAnyOrder(pub("z"), new QualifiedName("reporting", "y"));
            assertThat(view(set, pub("a")).dependencies())
                    .containsExactlyInAnyOrder(pub("z"), new QualifiedName("reporting", "y"));
            assertThat(order(set)).containsExactly("public.z", "reporting.y", "public.a");
        }

        @Test
        void dependsOnAViewWithoutAFileIsAnErrorAtTheDirectiveLine() {
            assertThatThrownBy(() -> parse(
                    "a.sql", "select 1",
                    "views/b.sql", "-- description: b\n\n-- depends: a, reporting.missing\nselect 1"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("views/b.sql"), 3,
                            "depends: reporting.missing is not a managed view",
                            "name a view that has a file in the views directory"));
        }

        @Test
        void aliasSpelledLikeTheViewItselfIsNotADependencyOnItself() {
            ViewSet set = parse("a.sql", "select a.id from orders a where a.id > 0");

            assertThat(view(set, pub("a")).dependencies()).isEmpty();
        }
    }

    @Nested
    class Order {

        @Test
        void chainIsOrderedFromTheViewReadByAllToTheViewReadingAll() {
            ViewSet set = parse(
                    "a.sql", "select * from b",
                    "b.sql", "select * from c",
                    "c.sql", "select * from d",
                    "d.sql", "select 1");

            assertThat(order(set)).containsExactly("public.d", "public.c", "public.b", "public.a");
        }

        @Test
        void diamondPutsEachViewAfterAllItReadsAndBreaksTiesByName() {
            ViewSet set = parse(
                    "a_top.sql", "select * from b_left, c_right",
                    "b_left.sql", "select * from d_base",
                    "c_right.sql", "select * from d_base",
                    "d_base.sql", "select 1",
                    "e_alone.sql", "select 1",
                    "reporting.f.sql", "select * from a_top");

            assertThat(order(set)).containsExactly(
                    "public.d_base", "public.b_left", "public.c_right", "public.a_top", "public.e_alone", "reporting.f");
        }

        @Test
        void orderIsTheSameWhateverOrderTheFilesComeIn() {
            List<String[]> entries = new ArrayList<>(List.of(
                    new String[] {"a.sql", "select * from b join c using (id) join reporting.e using (id)"},
                    new String[] {"b.sql", "select * from d"},
                    new String[] {"c.sql", "select * from d join reporting.e using (id)"},
                    new String[] {"d.sql", "select 1 as id"},
                    new String[] {"reporting.e.sql", "select * from public.d"},
                    new String[] {"f.sql", "select 1 as id"},
                    new String[] {"g.sql", "-- depends: f\nselect 1 as id"},
                    new String[] {"h.sql", "select 1 as id"}));
            List<String> expected = null;
            Random random = new Random(20240601L);
            for (int round = 0; round < 25; round++) {
                Collections.shuffle(entries, random);
                Map<Path, String> files = new LinkedHashMap<>();
                entries.forEach(e -> files.put(Path.of(e[0]), e[1]));
                List<String> order = order(ViewSet.parse(files, "public"));
                if (expected == null) {
                    expected = order;
                }
                assertThat(order).as("round %d", round).isEqualTo(expected);
            }
            assertThat(expected).containsExactly(
                    "public.d", "public.b", "public.f", "public.g", "public.h", "reporting.e", "public.c", "public.a");
        }

        @Test
        void everyViewComesAfterEachViewItReads() {
            ViewSet set = parse(
                    "m.sql", "select * from n, o",
                    "n.sql", "select * from p",
                    "o.sql", "select * from p, q",
                    "p.sql", "select * from q",
                    "q.sql", "select 1",
                    "a.sql", "select * from m");

            List<QualifiedName> order = set.inDependencyOrder().stream().map(ViewDefinition::name).toList();
            assertThat(order).hasSize(6).doesNotHaveDuplicates();
            for (ViewDefinition v : set.inDependencyOrder()) {
                for (QualifiedName d : v.dependencies()) {
                    assertThat(order.indexOf(d)).as("%s before %s", d, v.name()).isLessThan(order.indexOf(v.name()));
                }
            }
        }

        @Test
        void twoViewReadingEachOtherIsACyclePrintedWithFiles() {
            assertThatThrownBy(() -> parse("views/a.sql", "select * from b", "views/b.sql", "select * from a"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("views/a.sql"), 0,
                            "dependency cycle: public.a (views/a.sql) -> public.b (views/b.sql) -> public.a",
                            "a view cannot read itself through other views; break the cycle"));
        }

        @Test
        void longerCycleIsPrintedWholeWithoutTheViewsOutsideIt() {
            assertThatThrownBy(() -> parse(
                    "x.sql", "select * from b",
                    "b.sql", "select * from c",
                    "c.sql", "select * from reporting.d",
                    "reporting.d.sql", "select * from public.b",
                    "e.sql", "select 1"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> {
                        assertError(e, Path.of("b.sql"), 0,
                                "dependency cycle: public.b (b.sql) -> public.c (c.sql) -> reporting.d (reporting.d.sql)"
                                        + " -> public.b",
                                "break the cycle");
                        assertThat(e.what()).doesNotContain("public.x").doesNotContain("public.e");
                    });
        }

        @Test
        void cycleThroughADeclaredDependencyIsACycle() {
            assertThatThrownBy(() -> parse("a.sql", "-- depends: b\nselect 1", "b.sql", "select * from a"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("a.sql"), 0,
                            "dependency cycle: public.a (a.sql) -> public.b (b.sql) -> public.a", "break the cycle"));
        }

        @Test
        void viewDependingOnItselfIsACycle() {
            assertThatThrownBy(() -> parse("a.sql", "-- depends: a\nselect 1"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, Path.of("a.sql"), 0,
                            "dependency cycle: public.a (a.sql) -> public.a", "break the cycle"));
        }
    }

    @Nested
    class Load {
        @TempDir
        Path dir;

        private Path write(String relative, String text) throws IOException {
            return write(relative, text.getBytes(StandardCharsets.UTF_8));
        }

        private Path write(String relative, byte[] bytes) throws IOException {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        }

        @Test
        void readsEverySqlFileBelowTheDirectoryAndNothingElse() throws IOException {
            write("a.sql", "-- materialized\n-- refresh: every 5 minutes\nselect * from reporting.b");
            write("reporting/reporting.b.sql", "select 1 as id");
            write("deep/er/c.sql", "select * from a");
            write("README.md", "not a view");
            write("notes.txt", "select 1");
            write("d.sql.bak", "select 1");
            Files.createDirectories(dir.resolve("folder.sql"));

            ViewSet set = ViewSet.load(dir, "public");

            assertThat(set.names()).containsExactlyInAnyOrder(pub("a"), pub("c"), new QualifiedName("reporting", "b"));
            assertThat(order(set)).containsExactly("reporting.b", "public.a", "public.c");
            assertThat(view(set, pub("a")).materialized()).isTrue();
            assertThat(view(set, pub("c")).source().file()).isEqualTo(dir.resolve("deep/er/c.sql"));
        }

        @Test
        void emptyDirectoryGivesNoViews() {
            assertThat(ViewSet.load(dir, "public").size()).isZero();
        }

        @Test
        void missingDirectoryIsAnErrorThatSaysHowToCreateIt() {
            Path missing = dir.resolve("nope");
            assertThatThrownBy(() -> ViewSet.load(missing, "public"))
                    .isInstanceOfSatisfying(MatviewException.class, e -> {
                        assertThat(e.what()).contains("views directory " + missing + " does not exist");
                        assertThat(e.code()).isEqualTo(ErrorCode.VIEWS_DIRECTORY_MISSING);
                        assertThat(e.hint()).contains("init makes one").doesNotContain("--");
                    });
        }

        @Test
        void nonUtf8FileIsAnErrorNamingTheFile() throws IOException {
            write("a.sql", "select 1");
            Path latin1 = write("sub/b.sql", "select 'café' as x".getBytes(StandardCharsets.ISO_8859_1));

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class,
                            e -> assertError(e, latin1, 1, "the file is not UTF-8 text: byte 0xE9 at column 12",
                                    "save it as UTF-8"));
        }

        @Test
        void duplicateNameAcrossSubdirectoriesIsAnError() throws IOException {
            Path first = write("a.sql", "select 1");
            Path second = write("sub/public.a.sql", "select 2");

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, second, 0,
                            "view public.a is defined twice, also in " + first, "keep one file per view"));
        }

        @Test
        void unterminatedStringIsReportedAtItsLineInItsFile() throws IOException {
            write("a.sql", "select 1");
            Path bad = write("b.sql", "-- materialized\n-- unique: id\n\nselect id,\n  'oops as x\nfrom a\n");

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class,
                            e -> assertError(e, bad, 5, "unterminated quoted string", "never closed by a matching '"));
        }

        @Test
        void cycleAcrossFilesIsReportedWithTheirPaths() throws IOException {
            Path a = write("a.sql", "select * from b");
            Path b = write("sub/b.sql", "select * from a");

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, a, 0,
                            "dependency cycle: public.a (" + a + ") -> public.b (" + b + ") -> public.a",
                            "break the cycle"));
        }

        @Test
        void nonUtf8ErrorDoesNotDependOnWhereTheBadByteIs() throws IOException {
            byte[] bytes = "-- materialized\nselect 1 as x\n".getBytes(StandardCharsets.UTF_8);
            byte[] withBadByte = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, withBadByte, 0, bytes.length);
            withBadByte[bytes.length] = (byte) 0xC3; // a truncated two-byte sequence at the end
            Path bad = write("a.sql", withBadByte);

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class,
                            e -> assertError(e, bad, 3, "byte 0xC3 at column 1 is not valid UTF-8", "save it as UTF-8"));
        }

        @Test
        void nulByteIsAnErrorNamingFileLineAndColumnBeforePostgresqlIsAsked() throws IOException {
            write("a.sql", "select 1");
            Path bad = write("sub/b.sql", "-- materialized\nselect 1 as x,\n  'a\0b' as y\n");

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, bad, 3,
                            "the file holds a NUL byte (0x00) at column 5, which PostgreSQL does not accept", "remove it"));
        }

        @Test
        void nulByteInTextGivenDirectlyIsAnErrorToo() {
            Path path = Path.of("a.sql");
            assertThatThrownBy(() -> ViewSet.parse(Map.of(path, "\0select 1"), "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, path, 1,
                            "NUL byte (0x00) at column 1", "remove it"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "C3 28,            0xC3",   // a two-byte sequence whose second byte is not a continuation
            "ED A0 80,         0xED",   // an encoded UTF-16 surrogate, which UTF-8 forbids
            "C0 AF,            0xC0",   // an overlong encoding of '/'
            "FF,               0xFF",   // never valid in UTF-8
        })
        void invalidUtf8IsAnErrorNamingLineAndColumnOfTheFirstBadByte(String hex, String shown) throws IOException {
            String[] parts = hex.split(" ");
            byte[] head = "-- description: ünïcödé\nselect 'ok' as a,\n       '".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "' as b\n".getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[head.length + parts.length + tail.length];
            System.arraycopy(head, 0, bytes, 0, head.length);
            for (int i = 0; i < parts.length; i++) {
                bytes[head.length + i] = (byte) Integer.parseInt(parts[i], 16);
            }
            System.arraycopy(tail, 0, bytes, head.length + parts.length, tail.length);
            Path bad = write("a.sql", bytes);

            assertThatThrownBy(() -> ViewSet.load(dir, "public"))
                    .isInstanceOfSatisfying(ViewFileException.class, e -> assertError(e, bad, 3,
                            "byte " + shown + " at column 9 is not valid UTF-8", "save it as UTF-8"));
        }

        @Test
        void utf8ByteOrderMarkIsSkipped() throws IOException {
            byte[] text = "-- materialized\nselect 1 as x\n".getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[text.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(text, 0, withBom, 3, text.length);
            write("a.sql", withBom);

            ViewDefinition a = view(ViewSet.load(dir, "public"), pub("a"));
            assertThat(a.materialized()).isTrue();
            assertThat(a.query()).isEqualTo("select 1 as x");
        }
    }
}
