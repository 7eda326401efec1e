package io.matview.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.matview.ErrorCode;
import io.matview.MatviewException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict query-string decoder, alone: what it makes of ordinary, odd and hostile query strings. */
class QueryStringTest {

    @Test
    void parametersKeepTheirOrderAndEveryValue() {
        Map<String, List<String>> p = QueryString.parse("b=2&a=1&day=gte.2026-01-01&day=lt.2026-02-01");
        assertThat(p.keySet()).containsExactly("b", "a", "day");
        assertThat(p.get("day")).containsExactly("gte.2026-01-01", "lt.2026-02-01");
    }

    @Test
    void nothingGivenIsNoParameters() {
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
        assertThat(QueryString.parse("&&&")).isEmpty();
    }

    @Test
    void aNameWithoutEqualsHasNoValueAndAnEmptyValueIsOne() {
        assertThat(QueryString.parse("select").get("select")).isEmpty();
        assertThat(QueryString.parse("name=").get("name")).containsExactly("");
        assertThat(QueryString.parse("=x").get("")).containsExactly("x");
    }

    @Test
    void percentEscapesAndPlusAreDecodedOnceInUtf8() {
        assertThat(QueryString.parse("name=eq.%C3%BCn%C3%AFc%C3%B8d%C3%A9").get("name")).containsExactly("eq.ünïcødé");
        assertThat(QueryString.parse("name=eq.a+b%2Bc").get("name")).containsExactly("eq.a b+c");
        assertThat(QueryString.parse("name=eq.%2541").get("name")).as("decoded once, not twice").containsExactly("eq.%41");
        assertThat(QueryString.parse("name=eq.a%3Db%26c").get("name")).containsExactly("eq.a=b&c");
        assertThat(QueryString.parse("n%61me=1").keySet()).containsExactly("name");
    }

    @Test
    void hostileButWellFormedValuesArriveAsTheyWereSent() {
        assertThat(QueryString.parse("name=eq.%27%3B%20drop%20table%20orders%3B%20--").get("name"))
                .containsExactly("eq.'; drop table orders; --");
        assertThat(QueryString.parse("name=eq.a%00b").get("name")).containsExactly("eq.a\u0000b");
        assertThat(QueryString.parse("name=eq.%F0%9F%98%80").get("name")).containsExactly("eq.😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name=eq.%zz", "name=eq.%", "name=eq.a%2", "id%zz=eq.1", "name=eq.%C3%28", "name=eq.%FF",
        "name=%ED%A0%80"})
    void aMalformedOrNonUtf8EscapeIsAnInvalidQueryNamingIt(String raw) {
        MatviewException e = catchThrowableOfType(() -> QueryString.parse(raw), MatviewException.class);
        assertThat(e).as(raw).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_QUERY);
        assertThat(e.what()).startsWith("malformed percent-encoding in the query string");
        assertThat(e.where()).isEqualTo("query string");
    }

    @Test
    void aLongMalformedPartIsShortenedInTheMessage() {
        MatviewException e = catchThrowableOfType(() -> QueryString.parse("x=" + "a".repeat(500) + "%zz"), MatviewException.class);
        assertThat(e.what().length()).isLessThan(150);
    }
}
