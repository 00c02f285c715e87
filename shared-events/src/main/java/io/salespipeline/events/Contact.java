package io.salespipeline.events;

/** The person we talk to. In {@code UpdateContactDetails} a null component means "unchanged". */
public record Contact(String name, String email, String phone) {

    /** This contact with the non-null components of {@code change} applied. */
    public Contact merge(Contact change) {
        if (change == null) {
            return this;
        }
        return new Contact(
                change.name() != null ? change.name() : name,
                change.email() != null ? change.email() : email,
                change.phone() != null ? change.phone() : phone);
    }
}
