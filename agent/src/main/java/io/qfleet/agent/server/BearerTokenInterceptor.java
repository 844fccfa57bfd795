package io.qfleet.agent.server;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Refuses a call without {@code authorization: Bearer <token>} matching the agent's token, with
 * UNAUTHENTICATED before any service code runs. The token checked is never logged nor echoed.
 */
final class BearerTokenInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String PREFIX = "Bearer ";
    private static final Logger LOG = System.getLogger(BearerTokenInterceptor.class.getName());

    private final BearerToken token;

    BearerTokenInterceptor(BearerToken token) {
        this.token = requireNonNull(token, "token");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String value = headers.get(AUTHORIZATION);
        String problem;
        if (value == null) {
            problem = "no bearer token (send the header authorization: Bearer <token>)";
        } else if (!value.startsWith(PREFIX)) {
            problem = "the authorization header is not 'Bearer <token>'";
        } else if (!token.matches(value.substring(PREFIX.length()))) {
            problem = "the bearer token does not match the agent's token_file";
        } else {
            return next.startCall(call, headers);
        }
        LOG.log(Level.WARNING, "refused " + call.getMethodDescriptor().getFullMethodName() + ": " + problem);
        call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
        return new ServerCall.Listener<>() { };
    }
}
