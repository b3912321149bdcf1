package org.cdnbilling.processversion;

import java.util.List;

/** The diagram to adopt names delegates, beans or classes this node lacks: nothing was adopted. */
public class VersionNotRunnableException extends RuntimeException {

    private final List<String> missing;

    public VersionNotRunnableException(String what, List<String> missing) {
        super(what + " needs what this release lacks: " + missing + "; nothing was adopted");
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
