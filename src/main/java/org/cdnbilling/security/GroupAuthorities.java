package org.cdnbilling.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * A user's Camunda groups as Spring Security authorities (the group ids themselves, see {@link Roles}). Read from
 * the identity service at every password check; for a Cockpit session, which checks no password per request, kept
 * for {@link #SESSION_REFRESH}, so that a user removed from a group loses what the group gave within that time.
 */
@Component
class GroupAuthorities {

    static final Duration SESSION_REFRESH = Duration.ofSeconds(30);

    private final IdentityService identity;
    private final Cache<String, List<GrantedAuthority>> sessions = Caffeine.newBuilder()
            .expireAfterWrite(SESSION_REFRESH).maximumSize(10_000).build();

    GroupAuthorities(IdentityService identity) {
        this.identity = identity;
    }

    /** The user's groups now. */
    List<GrantedAuthority> read(String user) {
        List<GrantedAuthority> authorities = identity.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
        sessions.put(user, authorities);
        return authorities;
    }

    /** The user's groups, at most {@link #SESSION_REFRESH} old. */
    List<GrantedAuthority> ofSession(String user) {
        return sessions.get(user, this::read);
    }
}
