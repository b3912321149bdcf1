package org.cdnbilling.security;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.Arrays;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The grants of Camunda's authorization (on, {@code camunda.bpm.authorization.enabled}), made as the engine is
 * built, before the web server takes a request:
 * <ul>
 * <li>{@value Groups#CAMUNDA_ADMIN} (the operator's group): ALL on every resource, as Camunda's
 *     {@code AdministratorAuthorizationPlugin} grants;</li>
 * <li>{@value Roles#SUPPORT}, read-only support: Cockpit, and reading process definitions, deployments,
 *     instances, incidents, variables and history; no retry, cancel, modify or deploy.</li>
 * </ul>
 * A user in neither group (or given no grants of its own in Camunda Admin) can log in but sees and does
 * nothing. Missing grants are added again at every start. The application's own engine calls (RPC requests,
 * the job executor, the admin API) run without a Camunda user and are not checked. Safe when several nodes
 * start at once: each group and grant is one step retried on its own ({@link StartupRetries}), so a node that
 * collides with another on one grant after another still gets through (retrying the whole set-up instead lost a
 * node that way).
 */
@Component
@Order(1)
class EngineAuthorizations extends AbstractProcessEnginePlugin {

    static final String ADMIN_GROUP_NAME = "Camunda BPM Administrators";

    private static final Logger log = LoggerFactory.getLogger(EngineAuthorizations.class);

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        if (!engine.getProcessEngineConfiguration().isAuthorizationEnabled()) {
            log.warn("Camunda's authorization is off: every Camunda user may do everything in Cockpit and the "
                    + "engine REST API");
        }
        ensureGrants(engine.getIdentityService(), engine.getAuthorizationService());
    }

    private static void ensureGrants(IdentityService identity, AuthorizationService authorizations) {
        ensureGroup(identity, Groups.CAMUNDA_ADMIN, ADMIN_GROUP_NAME, Groups.GROUP_TYPE_SYSTEM);
        for (Resource resource : Resources.values()) {
            grant(authorizations, Groups.CAMUNDA_ADMIN, resource, ANY, Permissions.ALL);
        }
        ensureGroup(identity, Roles.SUPPORT, "CDN support (read-only)", Groups.GROUP_TYPE_WORKFLOW);
        grant(authorizations, Roles.SUPPORT, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(authorizations, Roles.SUPPORT, Resources.PROCESS_DEFINITION, ANY, ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY);
        grant(authorizations, Roles.SUPPORT, Resources.PROCESS_INSTANCE, ANY, ProcessInstancePermissions.READ);
        grant(authorizations, Roles.SUPPORT, Resources.HISTORIC_PROCESS_INSTANCE, ANY,
                HistoricProcessInstancePermissions.READ);
        grant(authorizations, Roles.SUPPORT, Resources.DEPLOYMENT, ANY, Permissions.READ);
        ensureGroup(identity, Roles.METERING, "CDN metering pipeline (posts usage only)", Groups.GROUP_TYPE_WORKFLOW);
        ensureGroup(identity, Roles.MONITORING, "CDN monitoring (reads metrics only)", Groups.GROUP_TYPE_WORKFLOW);
    }

    /** The group, made unless it exists; a node that loses the race to make it finds it made. */
    static void ensureGroup(IdentityService identity, String id, String name, String type) {
        StartupRetries.run("Group " + id, () -> makeGroup(identity, id, name, type));
    }

    private static void makeGroup(IdentityService identity, String id, String name, String type) {
        if (identity.createGroupQuery().groupId(id).singleResult() == null) {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(type);
            identity.saveGroup(group);
            log.info("Group {} created", id);
        }
    }

    /** The grant, made or completed unless it is; a node that loses the race to make it finds it made. */
    private static void grant(AuthorizationService authorizations, String groupId, Resource resource,
            String resourceId, Permission... permissions) {
        StartupRetries.run("Grant to " + groupId + " on " + resource.resourceName() + " " + resourceId,
                () -> makeGrant(authorizations, groupId, resource, resourceId, permissions));
    }

    private static void makeGrant(AuthorizationService authorizations, String groupId, Resource resource,
            String resourceId, Permission... permissions) {
        Authorization grant = authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT)
                .groupIdIn(groupId).resourceType(resource).resourceId(resourceId).singleResult();
        boolean complete = grant != null && Arrays.stream(permissions).allMatch(permission ->
                permission == Permissions.ALL ? grant.isEveryPermissionGranted() : grant.isPermissionGranted(permission));
        if (complete) {
            return;
        }
        Authorization saved = grant != null ? grant : authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
        saved.setGroupId(groupId);
        saved.setResource(resource);
        saved.setResourceId(resourceId);
        for (Permission permission : permissions) {
            saved.addPermission(permission);
        }
        authorizations.saveAuthorization(saved);
        log.info("Granted {} {} on {} {}", groupId, Arrays.toString(permissions), resource.resourceName(), resourceId);
    }
}
