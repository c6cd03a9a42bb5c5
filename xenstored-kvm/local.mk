# xenstored-kvm: see README
