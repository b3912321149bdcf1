package org.cdnbilling.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Set;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.cdnbilling.persistence.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes {@link LeanFullHistoryLevel} known to the engine, so that {@code camunda.bpm.history-level} can name it.
 * The engine refuses to start when its configured level differs from the one its database records; the two
 * levels write the same tables, so a database that ran with one of them is switched to the configured one here,
 * before the engine checks (a database that ran with {@code full} before this level existed, or a deployment
 * that goes back to {@code full}). Any other difference is left for the engine to refuse, and a database
 * without Camunda's tables yet gets its level from the engine as usual.
 */
@Component
class LeanFullHistoryPlugin extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(LeanFullHistoryPlugin.class);

    private static final Set<Integer> INTERCHANGEABLE = Set.of(HistoryLevel.HISTORY_LEVEL_FULL.getId(),
            LeanFullHistoryLevel.ID);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomHistoryLevels() == null) {
            configuration.setCustomHistoryLevels(new ArrayList<>());
        }
        configuration.getCustomHistoryLevels().add(new LeanFullHistoryLevel());
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // null with history level "auto", which takes whatever the database records
        HistoryLevel level = configuration.getHistoryLevel();
        if (level == null || !INTERCHANGEABLE.contains(level.getId())) {
            return;
        }
        int configured = level.getId();
        int other = configured == LeanFullHistoryLevel.ID ? HistoryLevel.HISTORY_LEVEL_FULL.getId()
                : LeanFullHistoryLevel.ID;
        String table = configuration.getDatabaseTablePrefix() + "ACT_GE_PROPERTY";
        try (Connection connection = configuration.getDataSource().getConnection()) {
            if (!Tables.exists(connection, table)) {
                return;
            }
            try (PreparedStatement update = connection.prepareStatement("update " + table
                    + " set VALUE_ = ?, REV_ = REV_ + 1 where NAME_ = 'historyLevel' and VALUE_ = ?")) {
                update.setString(1, Integer.toString(configured));
                update.setString(2, Integer.toString(other));
                if (update.executeUpdate() > 0) {
                    log.info("History level recorded in the database changed from {} to {} ({})", other, configured,
                            level.getName());
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new ProcessEngineException("Could not record history level " + configured, e);
        }
    }
}
