package io.loginetl.ingest;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Which SQS failures are worth waiting out. Network trouble, throttling and 5xx are transient;
 * a 4xx such as a non-existent queue or missing permission will not heal by retrying, so the
 * process stops with an error that an operator (or Kubernetes' back-off) will notice.
 */
public final class SqsFailures {

    private SqsFailures() {
    }

    public static boolean isRetryable(Exception e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500 || service.retryable();
        }
        return e instanceof SdkClientException;
    }
}
