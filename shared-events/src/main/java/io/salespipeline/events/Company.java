package io.salespipeline.events;

/** The client company. In {@code UpdateContactDetails} a null component means "unchanged". */
public record Company(String name, String taxId, String address) {

    /** This company with the non-null components of {@code change} applied. */
    public Company merge(Company change) {
        if (change == null) {
            return this;
        }
        return new Company(
                change.name() != null ? change.name() : name,
                change.taxId() != null ? change.taxId() : taxId,
                change.address() != null ? change.address() : address);
    }
}
