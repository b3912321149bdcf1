package org.cdnbilling.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/**
 * The entry point of docker-compose.yml ({@code deploy/nginx.conf}) refuses a body exactly where the service does
 * ({@code cdn.http.max-body-size} of {@code application.yml}, which Tomcat's own limits follow), in the words the
 * service uses. No nginx runs here: this reads the file.
 */
class NginxBodyLimitTest {

    private static final Pattern SIZE = Pattern.compile("client_max_body_size\\s+(\\d+)([kKmMgG]?);");

    @Test
    void nginxRefusesBodiesAtTheServicesLimit() throws Exception {
        Properties yaml = applicationYml();
        long serviceLimit = DataSize.parse(yaml.getProperty("cdn.http.max-body-size")).toBytes();
        assertThat(serviceLimit).isEqualTo(2L * 1024 * 1024);
        assertThat(yaml.getProperty("server.tomcat.max-swallow-size")).isEqualTo("${cdn.http.max-body-size}");
        assertThat(yaml.getProperty("server.tomcat.max-http-form-post-size")).isEqualTo("${cdn.http.max-body-size}");

        String nginx = Files.readString(Path.of("deploy/nginx.conf"));
        List<Long> limits = new ArrayList<>();
        Matcher size = SIZE.matcher(nginx);
        while (size.find()) {
            limits.add(Long.parseLong(size.group(1)) * switch (size.group(2).toLowerCase()) {
                case "k" -> 1024L;
                case "m" -> 1024L * 1024;
                case "g" -> 1024L * 1024 * 1024;
                default -> 1L;
            });
        }
        assertThat(limits).containsOnly(serviceLimit).isNotEmpty();
        // each API's refusal as the service words it (RequestBodyLimitTest: the service's own)
        assertThat(nginx).contains("\"Code\":\"RequestBodyTooLarge\",\"Message\":\"Request body too Large\"")
                .contains("\"detail\":\"A request body may carry at most " + serviceLimit
                        + " bytes (cdn.http.max-body-size)\"")
                .contains("error_page 413 = @rpc_body_too_large;").contains("error_page 413 = @admin_body_too_large;");
    }

    private static Properties applicationYml() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        return yaml.getObject();
    }
}
