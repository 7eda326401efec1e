package io.matview.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.matview.view.QualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The payload of NOTIFY matview_refreshed: the format listeners rely on, and what a decoder refuses. */
class RefreshNotificationTest {

    @Test
    void encodesTheDocumentedPayload() {
        assertThat(new RefreshNotification(new QualifiedName("reporting", "daily_revenue"), 42).encode())
                .isEqualTo("{\"view\":\"reporting.daily_revenue\",\"generation\":42}");
        assertThat(RefreshNotification.CHANNEL).isEqualTo("matview_refreshed");
    }

    @Test
    void namesWithQuotesBackslashesAndControlCharactersSurviveTheRoundTrip() {
        for (String name : new String[] {"we\"ird", "back\\slash", "tab\there", "new\nline", "Über", "a,b:c}{", "\u0001"}) {
            RefreshNotification n = new RefreshNotification(new QualifiedName("public", name), Long.MAX_VALUE);
            assertThat(RefreshNotification.decode(n.encode())).as(name).isEqualTo(n);
        }
    }

    @Test
    void acceptsWhitespaceMembersInEitherOrderAndJsonEscapes() {
        assertThat(RefreshNotification.decode(" { \"generation\" : 7 ,\n\"view\" : \"s.\\u0076\\/x\" } "))
                .isEqualTo(new RefreshNotification(new QualifiedName("s", "v/x"), 7));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "null",
        "[]",
        "{}",
        "{\"view\":\"public.a\"}",
        "{\"generation\":1}",
        "{\"view\":\"public.a\",\"generation\":1,\"x\":2}",
        "{\"view\":\"public.a\",\"view\":\"public.b\"}",
        "{\"view\":\"public.a\",\"generation\":-1}",
        "{\"view\":\"public.a\",\"generation\":1.5}",
        "{\"view\":\"public.a\",\"generation\":1e3}",
        "{\"view\":\"public.a\",\"generation\":01}",
        "{\"view\":\"public.a\",\"generation\":\"1\"}",
        "{\"view\":\"public.a\",\"generation\":99999999999999999999}",
        "{\"view\":\"public.a\",\"generation\":9223372036854775808}",
        "{\"view\":\"public.a\",\"generation\":1}x",
        "{\"view\":\"public.a\",\"generation\":1}}",
        "{\"view\":\"public.a\",\"generation\":1",
        "{\"view\":\"public.a,\"generation\":1}",
        "{\"view\":\"public.a\\\",\"generation\":1}",
        "{\"view\":\"public.a\\x\",\"generation\":1}",
        "{\"view\":\"public.a\\u12\",\"generation\":1}",
        "{\"view\":\"public.a\\u12zz\",\"generation\":1}",
        "{\"view\":\"nodot\",\"generation\":1}",
        "{\"view\":\".a\",\"generation\":1}",
        "{\"view\":\"a.\",\"generation\":1}",
        "{\"view\":\"pub\nlic.a\",\"generation\":1}",
        "{'view':'public.a','generation':1}",
        "{\"view\":null,\"generation\":1}",
        "{\"view\":\"public.a\",,\"generation\":1}",
    })
    void refusesEveryOtherShape(String payload) {
        assertThatThrownBy(() -> RefreshNotification.decode(payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a refresh notification");
    }

    @Test
    void refusesNullAndHugePayloadsWithoutReadingThem() {
        assertThatThrownBy(() -> RefreshNotification.decode(null)).isInstanceOf(IllegalArgumentException.class);
        String huge = "{\"view\":\"public." + "a".repeat(100_000) + "\",\"generation\":1}";
        assertThatThrownBy(() -> RefreshNotification.decode(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
    }
}
