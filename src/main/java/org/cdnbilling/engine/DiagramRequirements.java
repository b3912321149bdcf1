package org.cdnbilling.engine;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a diagram needs of the release that runs its jobs, read from its XML: the beans of
 * {@code camunda:delegateExpression="${bean}"} (listeners included), the classes of {@code camunda:class}, the
 * beans its expressions read by property ({@code ${activationSettings.retryCycle}}) and the names of its messages.
 * Each check answers one line per thing this release lacks, naming the diagram and the element. Used by
 * {@code ReleasedProcessesCompatibilityTest} for every released version and by an adoption
 * ({@code PUT /admin/process-versions/{processKey}}) for the diagram to adopt.
 */
@Component
public class DiagramRequirements {

    private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
    private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final Pattern BEAN_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern BEAN_PROPERTY = Pattern.compile("\\$\\{\\s*!?([A-Za-z_][A-Za-z0-9_]*)\\.");

    private final ApplicationContext context;

    public DiagramRequirements(ApplicationContext context) {
        this.context = context;
    }

    /** The delegates and the beans of expressions that the diagram names and this release lacks. */
    public List<String> missing(String name, byte[] content) {
        List<String> missing = new ArrayList<>(unresolvedDelegates(name, content));
        missing.addAll(unresolvedExpressionBeans(name, content));
        return List.copyOf(missing);
    }

    /** Delegate expressions and classes that are no bean, class or delegate of the right kind in this release. */
    public List<String> unresolvedDelegates(String name, byte[] content) {
        List<String> problems = new ArrayList<>();
        NodeList elements = parse(name, content).getElementsByTagNameNS("*", "*");
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

    /**
     * Beans read by property in an expression ({@code ${billingSchedule.cron}}) that this release lacks: a name
     * before a dot is a bean, as no variable of these processes is read by property; plain names
     * ({@code ${graceEndsAt}}) are variables and not checked.
     */
    public List<String> unresolvedExpressionBeans(String name, byte[] content) {
        List<String> problems = new ArrayList<>();
        Matcher bean = BEAN_PROPERTY.matcher(new String(content, StandardCharsets.UTF_8));
        while (bean.find()) {
            if (!context.containsBean(bean.group(1))) {
                problems.add(name + ": an expression reads " + bean.group(1) + ", no bean of this release");
            }
        }
        return problems;
    }

    /** The names of the messages the diagram declares. */
    public static List<String> messageNames(String name, byte[] content) {
        List<String> names = new ArrayList<>();
        NodeList messages = parse(name, content).getElementsByTagNameNS(BPMN_NS, "message");
        for (int i = 0; i < messages.getLength(); i++) {
            names.add(((Element) messages.item(i)).getAttribute("name"));
        }
        return names;
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

    private static Document parse(String name, byte[] content) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse the diagram " + name, e);
        }
    }
}
