package io.salespipeline.events;

/** Where a lead came from; analytics are always available per source. */
public enum LeadSource {
    SOCIAL_MEDIA, GOOGLE_ADS, COLD_CALL, NETWORKING, REFERRAL, WEBSITE, OTHER
}
