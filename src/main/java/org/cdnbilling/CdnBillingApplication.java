package org.cdnbilling;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CdnBillingApplication {

    public static void main(String[] args) {
        SpringApplication.run(CdnBillingApplication.class, args);
    }
}
