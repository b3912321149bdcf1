package org.cdnbilling.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a random port with the demo profile (accounts 1001-1015, operator demo/demo,
 * short retry cycle) and an in-memory database of its own. Metrics are exported as in production
 * ({@code /actuator/prometheus}), which Spring Boot tests turn off unless asked.
 * <p>
 * Test classes share one such context. Camunda's webapps and engine REST API find their engine through
 * JVM-wide registries and caches, so a second context of this kind in the same test JVM would take them
 * over: a test that needs fresh demo accounts runs in a JVM of its own instead (see the surefire
 * executions in {@code pom.xml}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ActiveProfiles({"demo", "test"})
public @interface DemoApplicationTest {
}
