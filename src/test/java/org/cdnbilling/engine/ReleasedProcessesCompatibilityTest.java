package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.cdnbilling.overdue.OverdueProcess;
import org.cdnbilling.support.DemoApplicationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The compatibility rule of a process change (README, Changing a process): instances of every version ever released
 * may still run in the cluster, and a node of this release runs their jobs (its job executor registers the older
 * versions' deployments, {@link ShippedProcesses}). So every released version's delegates must still be beans of
 * this release, and every message it waits for must still be one the code correlates. {@code
 * src/test/resources/released-processes/<file-stem>-v<versionTag>.bpmn} keeps a copy of every released version: a
 * diagram shipped with a new versionTag fails here until its copy is added, and a delegate or message name can go
 * only once no released copy uses it (the copies of versions no instance can be on any longer may be removed).
 */
@DemoApplicationTest
class ReleasedProcessesCompatibilityTest {

    static final String RELEASED = "released-processes/";

    /** The message names the code correlates ({@code OverdueAccounts} settles a debt with DebtSettled). */
    static final Set<String> CORRELATED_MESSAGES = Set.of(OverdueProcess.MESSAGE_DEBT_SETTLED);

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final Pattern BEAN_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern BEAN_PROPERTY = Pattern.compile("\\$\\{\\s*!?([A-Za-z_][A-Za-z0-9_]*)\\.");

    @Autowired
    ApplicationContext context;

    @Test
    void everyShippedDiagramHasItsReleasedCopyByteForByte() throws IOException {
        Map<String, byte[]> released = releasedCopies();
        for (ShippedDiagram diagram : ShippedDiagram.onClasspath()) {
            String copy = copyName(diagram);
            assertThat(released).as("src/test/resources/%s%s: every shipped diagram's version is kept there (add the "
                    + "copy when raising a versionTag)", RELEASED, copy).containsKey(copy);
            assertThat(Arrays.equals(released.get(copy), diagram.content())).as(
                    "%s differs from %s: a released version never changes, raise the versionTag and add a new copy",
                    RELEASED + copy, diagram.resourceName()).isTrue();
        }
    }

    @Test
    void everyReleasedCopyIsNamedAfterItsFileAndVersionTag() throws IOException {
        Map<String, byte[]> released = releasedCopies();
        assertThat(released).isNotEmpty();
        released.forEach((name, content) -> {
            String fileName = name.substring(0, name.lastIndexOf("-v")) + ".bpmn";
            assertThat(copyName(ShippedDiagram.of(fileName, content))).as(RELEASED + name).isEqualTo(name);
        });
    }

    @Test
    void everyDelegateOfEveryReleasedVersionIsStillInThisRelease() throws IOException {
        List<String> problems = new ArrayList<>();
        releasedCopies().forEach((name, content) -> problems.addAll(unresolvedDelegates(name, content)));
        assertThat(problems).as("delegates of released versions that this release lacks: keep a delegate until no "
                + "released version uses it (README, Changing a process)").isEmpty();
    }

    @Test
    void everyBeanTheExpressionsOfAReleasedVersionReadIsStillInThisRelease() throws IOException {
        // ${activationSettings.retryCycle}, ${billingSchedule.cron}: a name before a dot is a bean, as no variable
        // of these processes is read by property; plain names (${graceEndsAt}) are variables and not checked here
        List<String> problems = new ArrayList<>();
        releasedCopies().forEach((name, content) -> problems.addAll(unresolvedExpressionBeans(name, content)));
        assertThat(problems).as("beans of released versions' expressions that this release lacks").isEmpty();
    }

    @Test
    void everyMessageOfEveryReleasedVersionIsStillCorrelated() throws IOException {
        List<String> problems = new ArrayList<>();
        releasedCopies().forEach((name, content) -> problems.addAll(uncorrelatedMessages(name, content)));
        assertThat(problems).as("messages of released versions that this release no longer correlates").isEmpty();
    }

    @Test
    void aReleasedVersionUsingADelegateABeanOrAMessageThisReleaseLacksIsFound() throws IOException {
        String activation = new String(releasedCopies().get("cdn-activation-v1.bpmn"), StandardCharsets.UTF_8);
        String changed = activation.replace("${activateCdnServiceDelegate}", "${removedDelegate}")
                .replace("${activationSettings.retryCycle}", "${removedSettings.retryCycle}")
                .replace("</bpmn:definitions>", "  <bpmn:message id=\"Message_Removed\" name=\"RemovedMessage\" />\n"
                        + "</bpmn:definitions>");
        assertThat(changed).isNotEqualTo(activation);

        assertThat(unresolvedDelegates("cdn-activation-v0.bpmn", changed.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().contains("${removedDelegate}", "Task_ActivateCdnService");
        assertThat(unresolvedExpressionBeans("cdn-activation-v0.bpmn", changed.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().contains("removedSettings");
        assertThat(uncorrelatedMessages("cdn-activation-v0.bpmn", changed.getBytes(StandardCharsets.UTF_8)))
                .singleElement().asString().contains("RemovedMessage");
    }

    private List<String> unresolvedDelegates(String name, byte[] content) {
        List<String> problems = new ArrayList<>();
        NodeList elements = parse(content).getElementsByTagNameNS("*", "*");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            Class<?> expected = switch (element.getLocalName()) {
                case "executionListener" -> ExecutionListener.class;
                case "taskListener" -> TaskListener.class;
                default -> JavaDelegate.class;
            };
            String where = name + " " + describe(element);
            String delegate = camundaAttribute(element, "delegateExpression");
            if (delegate != null) {
                Matcher bean = BEAN_REFERENCE.matcher(delegate.trim());
                if (!bean.matches()) {
                    problems.add(where + ": delegateExpression " + delegate + " is not a bean reference ${bean}");
                } else if (!context.containsBean(bean.group(1))) {
                    problems.add(where + ": " + delegate + " is no bean of this release");
                } else if (!expected.isAssignableFrom(context.getType(bean.group(1)))) {
                    problems.add(where + ": " + delegate + " is no " + expected.getSimpleName());
                }
            }
            String className = camundaAttribute(element, "class");
            if (className != null) {
                try {
                    if (!expected.isAssignableFrom(Class.forName(className))) {
                        problems.add(where + ": class " + className + " is no " + expected.getSimpleName());
                    }
                } catch (ClassNotFoundException e) {
                    problems.add(where + ": class " + className + " is not in this release");
                }
            }
        }
        return problems;
    }

    private List<String> unresolvedExpressionBeans(String name, byte[] content) {
        List<String> problems = new ArrayList<>();
        Matcher bean = BEAN_PROPERTY.matcher(new String(content, StandardCharsets.UTF_8));
        while (bean.find()) {
            if (!context.containsBean(bean.group(1))) {
                problems.add(name + ": an expression reads " + bean.group(1) + ", no bean of this release");
            }
        }
        return problems;
    }

    private static List<String> uncorrelatedMessages(String name, byte[] content) {
        List<String> problems = new ArrayList<>();
        NodeList messages = parse(content).getElementsByTagNameNS(BPMN_NS, "message");
        for (int i = 0; i < messages.getLength(); i++) {
            String message = ((Element) messages.item(i)).getAttribute("name");
            if (!CORRELATED_MESSAGES.contains(message)) {
                problems.add(name + ": message " + message + " is correlated nowhere in this release");
            }
        }
        return problems;
    }

    /** {@code camunda:x} on a BPMN element, or {@code x} on a Camunda extension element (a listener). */
    private static String camundaAttribute(Element element, String attribute) {
        if (CAMUNDA_NS.equals(element.getNamespaceURI()) && element.hasAttributeNS(null, attribute)) {
            return element.getAttributeNS(null, attribute);
        }
        return element.hasAttributeNS(CAMUNDA_NS, attribute) ? element.getAttributeNS(CAMUNDA_NS, attribute) : null;
    }

    private static String describe(Element element) {
        Element withId = element;
        while (withId != null && withId.getAttribute("id").isEmpty()) {
            withId = withId.getParentNode() instanceof Element parent ? parent : null;
        }
        StringBuilder text = new StringBuilder(element.getLocalName());
        if (element.hasAttribute("event")) {
            text.append(" (").append(element.getAttribute("event")).append(')');
        }
        if (withId != null) {
            text.append(withId == element ? " " : " of ").append(withId.getAttribute("id"));
        }
        return text.toString();
    }

    private static Document parse(byte[] content) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse a released diagram", e);
        }
    }

    private static String copyName(ShippedDiagram diagram) {
        return diagram.fileName().replaceFirst("\\.bpmn$", "") + "-v" + diagram.versionTag() + ".bpmn";
    }

    private static Map<String, byte[]> releasedCopies() throws IOException {
        Map<String, byte[]> copies = new LinkedHashMap<>();
        for (Resource resource : new PathMatchingResourcePatternResolver()
                .getResources("classpath:" + RELEASED + "*.bpmn")) {
            try (InputStream in = resource.getInputStream()) {
                copies.put(resource.getFilename(), in.readAllBytes());
            }
        }
        return copies;
    }
}
