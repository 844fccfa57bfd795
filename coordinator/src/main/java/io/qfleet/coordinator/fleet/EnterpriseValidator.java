package io.qfleet.coordinator.fleet;

import io.qfleet.coordinator.fleet.FleetDocument.AdminDocument;
import io.qfleet.coordinator.fleet.FleetDocument.TlsDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks the fleet file's {@code tls}, {@code admins}, {@code access} and {@code enterprise_steps} sections. */
final class EnterpriseValidator {
    private static final int DEFAULT_WINDOW_DAYS = 30;
    private final Problems problems;
    private final AccountChecks checks;

    EnterpriseValidator(Problems problems) {
        this.problems = problems;
        this.checks = new AccountChecks(problems);
    }

    EnterpriseSettings enterprise(FleetDocument document, KeyPath root) {
        EnterpriseSettings.Tls tls = tls(document.tls(), root.key("tls"));
        List<EnterpriseSettings.Admin> admins = admins(document.admins(), root.key("admins"));
        KeyPath stepsPath = root.key("enterprise_steps");
        String steps = document.enterpriseSteps() == null ? "in_swap" : document.enterpriseSteps().trim();
        if (!steps.equals("in_swap") && !steps.equals("step_by_step")) {
            throw problems.at(stepsPath, problems.shown(stepsPath, steps) + " is not an order (expected in_swap: keys written in"
                    + " the swap, fewest restarts; or step_by_step: one restart per change)");
        }
        AccessSettings access = new AccessValidator(problems).access(document.access(), root.key("access"), admins);
        return new EnterpriseSettings(tls, admins, steps.equals("step_by_step"), null, access);
    }

    private EnterpriseSettings.Tls tls(TlsDocument tls, KeyPath path) {
        if (tls == null) {
            return null;
        }
        boolean demo = Boolean.TRUE.equals(tls.demo());
        String cert = template(tls.cert(), path.key("cert"));
        String key = template(tls.key(), path.key("key"));
        if (demo && (!cert.isEmpty() || !key.isEmpty())) {
            throw problems.at(path.key("demo"), "demo: true generates a self-signed certificate; remove cert and key, or demo");
        }
        if (!demo && (cert.isEmpty() || key.isEmpty())) {
            throw problems.at(path.key(cert.isEmpty() ? "cert" : "key"), "no value (expected the PEM file's path on each host,"
                    + " e.g. /etc/questdb/tls/{host}.crt; or demo: true for a test certificate)");
        }
        int window = tls.expiryWindowDays() == null ? DEFAULT_WINDOW_DAYS : tls.expiryWindowDays();
        if (window < 0) {
            throw problems.at(path.key("expiry_window_days"), window + " is negative (expected days, e.g. 30)");
        }
        return new EnterpriseSettings.Tls(cert, key, template(tls.address(), path.key("address")), window,
                Boolean.TRUE.equals(tls.perEndpoint()), demo);
    }

    /** Empty when absent; {@code {host}} is the only placeholder. */
    private String template(String value, KeyPath path) {
        if (value == null || value.isBlank()) {
            return "";
        }
        String rest = value.replace(EnterpriseSettings.HOST_PLACEHOLDER, "");
        if (rest.contains("{") || rest.contains("}")) {
            throw problems.at(path, problems.shown(path, value) + " has a placeholder other than {host}");
        }
        return value.strip();
    }

    private List<EnterpriseSettings.Admin> admins(List<AdminDocument> documents, KeyPath path) {
        if (documents == null) {
            return List.of();
        }
        if (documents.isEmpty()) {
            throw problems.at(path, "the list is empty (expected at least one admin account, or no admins key)");
        }
        Set<String> names = new HashSet<>();
        List<EnterpriseSettings.Admin> admins = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            KeyPath at = path.index(i);
            AdminDocument admin = documents.get(i);
            if (admin == null) {
                throw problems.at(at, "no value (expected keys: name, password)");
            }
            KeyPath namePath = at.key("name");
            String name = checks.name(namePath, admin.name(), "user name");
            if (!names.add(name)) {
                throw problems.at(namePath, "'" + name + "' is used twice (admin names must be unique)");
            }
            String password = checks.password(at.key("password"), admin.password());
            admins.add(new EnterpriseSettings.Admin(name, password));
        }
        return admins;
    }
}
