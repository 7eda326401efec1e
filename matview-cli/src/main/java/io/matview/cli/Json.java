package io.matview.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.matview.observe.AdviceKind;
import io.matview.observe.DriftMode;
import io.matview.plan.Action;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;
import java.io.UncheckedIOException;

/** {@code --json} output: the core's records as JSON, names as {@code schema.name}, for scripts and CI. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    .addSerializer(QualifiedName.class, new ToStringSerializer(QualifiedName.class))
                    .addSerializer(Kind.class, new ToStringSerializer(Kind.class))
                    .addSerializer(Action.class, new ToStringSerializer(Action.class))
                    .addSerializer(RefreshMode.class, new ToStringSerializer(RefreshMode.class))
                    .addSerializer(RefreshStatus.class, new ToStringSerializer(RefreshStatus.class))
                    .addSerializer(Trigger.class, new ToStringSerializer(Trigger.class))
                    .addSerializer(AdviceKind.class, new ToStringSerializer(AdviceKind.class))
                    .addSerializer(DriftMode.class, new ToStringSerializer(DriftMode.class)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
