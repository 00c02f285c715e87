package io.salespipeline.events;

/** How we spoke with the client. */
public enum ContactChannel {
    PHONE, MEETING, EMAIL, VIDEO
}
