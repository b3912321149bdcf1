package org.cdnbilling.engine;

import javax.xml.datatype.DatatypeFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Names the JDK's own {@link DatatypeFactory} before the engine starts. Camunda parses the retry cycle of
 * the asynchronous step ({@code R5/PT5M}) whenever it creates that job, and each parse calls
 * {@link DatatypeFactory#newInstance()}; without the system property the JDK looks for a provider with a
 * {@code ServiceLoader} scan of every jar of the application, under the class loader's lock, on every
 * activation (6 % of the CPU and the most contended lock under load, bench/run). No jar of the application
 * provides another implementation, so naming the default changes nothing but the cost. A value set on the
 * command line ({@code -Djavax.xml.datatype.DatatypeFactory=...}) is kept.
 */
public class DatatypeFactoryLookup implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY) == null) {
            System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY,
                    DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
        }
    }
}
