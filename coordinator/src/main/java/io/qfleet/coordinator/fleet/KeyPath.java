package io.qfleet.coordinator.fleet;

/**
 * Where a value sits in the fleet file, printed the way operators read it: {@code hosts[1].name}.
 * Also the key of {@link YamlTree}'s line index.
 */
record KeyPath(KeyPath parent, String key, int index) {

    static final KeyPath ROOT = new KeyPath(null, null, -1);

    KeyPath key(String name) {
        return new KeyPath(this, name, -1);
    }

    KeyPath index(int i) {
        return new KeyPath(this, null, i);
    }

    boolean isRoot() {
        return parent == null;
    }

    @Override
    public String toString() {
        if (isRoot()) {
            return "";
        }
        String up = parent.toString();
        if (key == null) {
            return up + "[" + index + "]";
        }
        return up.isEmpty() ? key : up + "." + key;
    }
}
