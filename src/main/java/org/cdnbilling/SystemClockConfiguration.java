package org.cdnbilling;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SystemClockConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
