package io.matview.spring.boot;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * A bad {@code matview.*} property (an unknown name, a negative timeout, an unknown start-up action)
 * is reported with the property, where it was set, the value and the values it takes. Runs before
 * Spring Boot's own bind analyzers, which say less about Matview's properties.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class MatviewPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {
    static final String PREFIX = "matview";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        if (!cause.getName().toString().startsWith(PREFIX)) {
            return null;
        }
        UnboundConfigurationPropertiesException unbound = findCause(cause, UnboundConfigurationPropertiesException.class);
        if (unbound != null) {
            String properties = unbound.getUnboundProperties().stream().sorted()
                    .map(MatviewPropertiesFailureAnalyzer::describe).collect(Collectors.joining("\n"));
            return new FailureAnalysis("Matview does not know these properties:\n\n" + properties,
                    "Correct or remove them. Matview's properties are listed in docs/spring-boot.md; an IDE completes "
                            + "them from the configuration metadata in the starter's jar.", cause);
        }
        ConfigurationProperty property = cause.getProperty();
        Throwable reason = cause.getCause();
        // the innermost cause says what is wrong with the value (the outer ones only that binding failed)
        while (reason != null && reason.getCause() != null) {
            reason = reason.getCause();
        }
        StringBuilder description = new StringBuilder("A Matview property has a value Matview cannot use:\n\n");
        description.append(property != null ? describe(property) : "    " + cause.getName());
        description.append("\n\n    reason: ").append(reason == null ? cause.getMessage() : reason.getMessage());
        return new FailureAnalysis(description.toString(), "Give " + (property != null ? property.getName() : cause.getName())
                + " a valid value: durations as 5s or PT5S (positive), on-startup as apply, validate or none, "
                + "health statuses as down or out-of-service.", cause);
    }

    private static String describe(ConfigurationProperty p) {
        return "    property: " + p.getName() + "\n    value: " + p.getValue()
                + (p.getOrigin() != null ? "\n    origin: " + p.getOrigin() : "");
    }
}
