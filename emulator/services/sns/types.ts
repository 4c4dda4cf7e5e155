// The SNS records the store keeps and the message builders read (apart, so neither imports the other).

/** A topic. `attributes` holds only what was set explicitly; GetTopicAttributes adds the computed ones. */
export interface SnsTopic {
  arn: string;
  name: string;
  owner: string;
  createdAt: number;
  attributes: Record<string, string>;
  tags: Array<{ Key: string; Value: string }>;
  /** Subscriptions removed so far, reported as SubscriptionsDeleted. */
  deletedCount: number;
}

/** A subscription. Its ARN exists from the start; AWS only reveals it once confirmed. */
export interface SnsSubscription {
  arn: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
  owner: string;
  status: 'pending' | 'confirmed';
  /** The token sent in the confirmation message, which ConfirmSubscription takes. */
  token: string;
  createdAt: number;
  attributes: Record<string, string>;
}

/** One message handed to an endpoint: a notification or a subscription confirmation. */
export interface SnsDelivery {
  topicArn: string;
  protocol: string;
  endpoint: string;
  subject: string | null;
  message: string;
  /** ISO-8601 with milliseconds, as SNS writes Timestamp. */
  timestamp: string;
}
