package io.matview.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.matview.observe.AdviceKind;
import io.matview.observe.DriftMode;
import io.matview.refresh.RefreshMode;
import io.matview.refresh.RefreshStatus;
import io.matview.refresh.Trigger;
import io.matview.view.Kind;
import io.matview.view.QualifiedName;

/** Every JSON answer the server writes (rows excepted: PostgreSQL writes those). */
final class Json {
    static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    .addSerializer(QualifiedName.class, new ToStringSerializer(QualifiedName.class))
                    .addSerializer(RefreshMode.class, new ToStringSerializer(RefreshMode.class))
                    .addSerializer(RefreshStatus.class, new ToStringSerializer(RefreshStatus.class))
                    .addSerializer(Trigger.class, new ToStringSerializer(Trigger.class))
                    .addSerializer(Kind.class, new ToStringSerializer(Kind.class))
                    .addSerializer(AdviceKind.class, new ToStringSerializer(AdviceKind.class))
                    .addSerializer(DriftMode.class, new ToStringSerializer(DriftMode.class)))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    static void answer(Context ctx, int status, Object body) {
        ctx.status(status).contentType(CONTENT_TYPE).result(bytes(body));
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
