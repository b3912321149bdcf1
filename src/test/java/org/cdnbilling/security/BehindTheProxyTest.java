package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.Operators;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Behind the shipped proxy each client has its own login budget: the nodes run with docker-compose.yml's own
 * forwarded-header settings, read from the file, with the proxy's address there (172.28.0.10) played by 127.0.2.1,
 * which the test's "proxy" connects from. A guesser behind the proxy is throttled, the operator at another address
 * behind the same proxy logs in, a client that is not the proxy cannot choose its address with a forged
 * {@code X-Forwarded-For}, and a client that reached the proxy over TLS gets a Secure session cookie.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = {"cdn.security.login-throttle.failures=3",
        "cdn.security.login-throttle.refill-every=1h"})
class BehindTheProxyTest {

    private static final String PROXY = "127.0.2.1";
    private static final Map<String, Object> COMPOSE = compose();

    @DynamicPropertySource
    static void composeSettings(DynamicPropertyRegistry properties) {
        Map<String, Object> node = map(map(COMPOSE.get("services")).get("cdn-1"));
        Map<String, Object> environment = map(node.get("environment"));
        properties.add("server.forward-headers-strategy", () -> environment.get("SERVER_FORWARD_HEADERS_STRATEGY"));
        String proxies = String.valueOf(environment.get("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"));
        // the entry proxy's address, as the compose file's regular expression writes it, becomes the test's proxy
        properties.add("server.tomcat.remoteip.internal-proxies",
                () -> proxies.replace(escaped(entryAddress()), escaped(PROXY)));
    }

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Test
    void theComposeFileTrustsForwardedHeadersFromTheEntryProxyOnly() {
        Map<String, Object> environment = map(map(map(COMPOSE.get("services")).get("cdn-2")).get("environment"));
        assertThat(environment).containsEntry("SERVER_FORWARD_HEADERS_STRATEGY", "native");
        Pattern proxies = Pattern.compile(String.valueOf(environment.get("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES")));
        assertThat(proxies.matcher(entryAddress()).matches()).isTrue();
        assertThat(proxies.pattern()).contains(escaped(entryAddress()));
        for (String other : new String[] {"172.28.0.11", "172.28.0.100", "10.0.0.1", "192.168.1.10", "127.0.0.1"}) {
            assertThat(proxies.matcher(other).matches()).as(other).isFalse();
        }
    }

    @Test
    void aGuesserBehindTheProxyIsThrottledAndTheOperatorBehindItLogsIn() {
        String operator = Operators.createOperator(identity);
        ClientAt proxy = new ClientAt(PROXY, port);
        for (int guess = 1; guess <= 3; guess++) {
            assertThat(viaProxy(proxy, "203.0.113.7", operator, "guess-" + guess)).isEqualTo(401);
        }
        assertThat(viaProxy(proxy, "203.0.113.7", operator, "secret-" + operator)).isEqualTo(429);

        assertThat(viaProxy(proxy, "198.51.100.20", operator, "secret-" + operator)).as("the operator").isEqualTo(200);
        assertThat(viaProxy(proxy, "198.51.100.21", "demo", "demo")).as("the metering pipeline's desk").isEqualTo(200);
    }

    @Test
    void aClientThatIsNotTheProxyCannotPickItsAddress() {
        String operator = Operators.createOperator(identity);
        ClientAt direct = new ClientAt("127.0.2.9", port);
        for (int guess = 1; guess <= 4; guess++) {
            int status = direct.send("GET", "/admin/accounts/1001", null, "X-Forwarded-For", "198.51.100.30." + guess,
                    "Authorization", basic(operator, "guess-" + guess)).status();
            assertThat(status).as("guess " + guess).isEqualTo(guess <= 3 ? 401 : 429);
        }
        assertThat(viaProxy(new ClientAt(PROXY, port), "198.51.100.30", operator, "secret-" + operator)).isEqualTo(200);
    }

    @Test
    void theSessionCookieIsSecureWhenTheProxyWasReachedOverTls() {
        ClientAt.Reply overTls = new ClientAt(PROXY, port).send("GET", "/camunda/app/cockpit/default/", null,
                "X-Forwarded-For", "198.51.100.40", "X-Forwarded-Proto", "https");
        assertThat(overTls.headers().get("set-cookie")).filteredOn(cookie -> cookie.startsWith("JSESSIONID="))
                .singleElement().satisfies(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
        ClientAt.Reply plain = new ClientAt(PROXY, port).send("GET", "/camunda/app/cockpit/default/", null,
                "X-Forwarded-For", "198.51.100.41", "X-Forwarded-Proto", "http");
        assertThat(plain.headers().get("set-cookie")).filteredOn(cookie -> cookie.startsWith("JSESSIONID="))
                .singleElement().satisfies(cookie -> assertThat(cookie).doesNotContainIgnoringCase("; Secure"));
    }

    private int viaProxy(ClientAt proxy, String client, String user, String password) {
        return proxy.send("GET", "/admin/accounts/1001", null, "X-Forwarded-For", client, "X-Forwarded-Proto", "http",
                "Authorization", basic(user, password)).status();
    }

    private static String escaped(String address) {
        return address.replace(".", "\\.");
    }

    private static String entryAddress() {
        Map<String, Object> networks = map(map(map(COMPOSE.get("services")).get("entry")).get("networks"));
        return String.valueOf(map(networks.get("cdn")).get("ipv4_address"));
    }

    private static Map<String, Object> compose() {
        try (Reader reader = Files.newBufferedReader(Path.of("docker-compose.yml"))) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
