package io.matview.internal.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.matview.refresh.RefreshMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The choice between REFRESH and REFRESH ... CONCURRENTLY, every combination of its inputs. */
class ModeChoiceTest {

    @ParameterizedTest(name = "{0}, populated={1}, unique index={2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            AUTO       | true  | true  | CONCURRENT | populated, with a unique index
            AUTO       | true  | false | FULL       | no unique index on plain columns: declare '-- unique:' to refresh concurrently
            AUTO       | false | true  | FULL       | it holds no data yet: the first refresh cannot be concurrent
            AUTO       | false | false | FULL       | it holds no data yet: the first refresh cannot be concurrent
            CONCURRENT | true  | true  | CONCURRENT | concurrent refresh requested
            CONCURRENT | true  | false | FULL       | no unique index on plain columns: declare '-- unique:' to refresh concurrently
            CONCURRENT | false | true  | FULL       | it holds no data yet: the first refresh cannot be concurrent
            FULL       | true  | true  | FULL       | full refresh requested
            FULL       | false | false | FULL       | full refresh requested
            """)
    void choosesTheModeAndSaysWhy(RefreshMode requested, boolean populated, boolean uniqueIndex, RefreshMode mode,
                                  String reason) {
        ModeChoice choice = ModeChoice.choose(requested, populated, uniqueIndex);
        assertThat(choice.mode()).isEqualTo(mode);
        assertThat(choice.reason()).isEqualTo(reason);
    }
}
