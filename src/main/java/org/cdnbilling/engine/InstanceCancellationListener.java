package org.cdnbilling.engine;

import org.camunda.bpm.engine.delegate.ExecutionListener;

/**
 * Compensation that must run when an instance of a process is cancelled, whatever the canceller chose about
 * custom listeners: {@link CancellationListenersPlugin} adds it to the process as a built-in end listener. It
 * is called at every end of an instance; it acts only where {@code execution.isCanceled()}.
 */
public interface InstanceCancellationListener extends ExecutionListener {

    /** The key of the process whose instances it watches. */
    String processKey();
}
