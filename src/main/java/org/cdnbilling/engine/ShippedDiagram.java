package org.cdnbilling.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * A diagram this release ships in {@code processes/}: its process key and {@code camunda:versionTag} as the
 * Camunda model API reads them, and the file's bytes as deployed.
 */
public record ShippedDiagram(String fileName, String key, String versionTag, byte[] content) {

    public static final String LOCATION = "processes/";

    /** The resource name in the deployment, the same on every node. */
    public String resourceName() {
        return LOCATION + fileName;
    }

    public static ShippedDiagram of(String fileName, byte[] content) {
        List<Process> executable = Bpmn.readModelFromStream(new ByteArrayInputStream(content))
                .getModelElementsByType(Process.class).stream().filter(Process::isExecutable).toList();
        if (executable.size() != 1) {
            throw new IllegalStateException(LOCATION + fileName + " must hold exactly one executable process, it holds "
                    + executable.size());
        }
        Process process = executable.get(0);
        String tag = process.getCamundaVersionTag();
        if (tag == null || tag.isBlank()) {
            throw new IllegalStateException(LOCATION + fileName + " (process " + process.getId()
                    + ") has no camunda:versionTag: every shipped diagram needs one (README, Changing a process)");
        }
        return new ShippedDiagram(fileName, process.getId(), tag, content.clone());
    }

    /** The diagrams in {@code processes/} on this node's classpath. */
    public static List<ShippedDiagram> onClasspath() {
        List<ShippedDiagram> diagrams = new ArrayList<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver()
                    .getResources("classpath:" + LOCATION + "*.bpmn")) {
                try (InputStream in = resource.getInputStream()) {
                    diagrams.add(of(resource.getFilename(), in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the diagrams in " + LOCATION, e);
        }
        return List.copyOf(diagrams);
    }
}
