package io.salespipeline.platform.security;

/** The four roles of API.md. */
public enum Role {
    SALES, MANAGER, ANALYST, ADMIN
}
