package io.matview.spring.boot;

import io.matview.Matview;
import io.matview.query.RowFormat;
import io.matview.query.RowQuery;
import io.matview.view.QualifiedName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a view without JPA: the filter model of the HTTP API ({@code eq}, {@code gte}, {@code in},
 * order, limit; {@link RowQuery}) with rows mapped to records or beans, columns to properties by name
 * ({@code monthly_revenue_cents} → {@code monthlyRevenueCents}).
 *
 * <pre>{@code
 * record PlanRow(String planName, String region, long monthlyRevenueCents) {}
 * List<PlanRow> top = rows.read("plan_usage", RowQuery.builder()
 *         .where(Filter.of("region", Operator.EQ, "eu"))
 *         .orderBy(Order.descending("monthly_revenue_cents"))
 *         .limit(10).build(), PlanRow.class);
 * }</pre>
 *
 * Every column is checked against the view and every value is a bind parameter, as in the HTTP API.
 */
public final class MatviewRows {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Matview matview;
    private final Duration timeout;

    MatviewRows(Matview matview, Duration timeout) {
        this.matview = matview;
        this.timeout = timeout;
    }

    /**
     * The rows of {@code view} ({@code name} or {@code schema.name}) that {@code query} asks for, as {@code type}.
     *
     * @throws io.matview.MatviewException {@code UNKNOWN_VIEW}, {@code INVALID_QUERY} (a column the view
     *     does not have, a value that does not fit it), {@code QUERY_TIMEOUT} after the read timeout
     */
    public <T> List<T> read(String view, RowQuery query, Class<T> type) {
        RowQuery json = query.format() == RowFormat.JSON ? query : new RowQuery(query.select(), query.filters(),
                query.order(), query.limit(), query.offset(), RowFormat.JSON);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            matview.writeRows(QualifiedName.parse(view, matview.defaultSchema()), json, timeout, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        JavaType listOf = MAPPER.getTypeFactory().constructCollectionType(List.class, type);
        return MAPPER.readValue(out.toByteArray(), listOf);
    }
}
