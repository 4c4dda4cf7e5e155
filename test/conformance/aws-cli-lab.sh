#!/usr/bin/env bash
# The VPC Flow Logs lab done by hand with the AWS CLI against an emulator, as a student would:
# VPC to Athena. Every command must succeed and print JSON the CLI parsed (set -e stops at the first
# failure; `q` extracts values with --query). SECTION "cloudwatch" runs only the CloudWatch part.
# Usage: aws-cli-lab.sh ENDPOINT AWS_BINARY RUN_ID [all|cloudwatch]
# With AWS_CLI_PYTHON set (the Python the CLI runs on), one CLI process serves the session's commands
# (aws_cli_session.py: the CLI's own entry point, its start-up paid once); the first command of each
# section still starts the installed binary, so the entry point a student types is judged too.
set -euo pipefail
endpoint=$1 aws_bin=$2 run=$3 section=${4:-all}
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER='' AWS_MAX_ATTEMPTS=1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws_binary() { "$aws_bin" --endpoint-url "$endpoint" --output json "$@"; }
if [ -n "${AWS_CLI_PYTHON:-}" ]; then
  session=$(mktemp -d "${TMPDIR:-/tmp}/aws-cli-session.XXXXXX")
  mkfifo "$session/ready"
  "$AWS_CLI_PYTHON" "$(dirname "$0")/aws_cli_session.py" "$session" &
  session_pid=$!
  trap 'kill "$session_pid" 2>/dev/null; rm -rf "$session"' EXIT
  read -r session_port < "$session/ready"
  aws() {
    local rc
    exec 9<>"/dev/tcp/127.0.0.1/$session_port"
    printf '%s\0' "$(($# + 4))" --endpoint-url "$endpoint" --output json "$@" >&9
    read -r rc <&9 || rc=255
    exec 9<&-
    cat "$session/out"
    cat "$session/err" >&2
    return "$rc"
  }
else
  aws() { aws_binary "$@"; }
fi
q() { aws "$@" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v if isinstance(v,str) else json.dumps(v))'; }
step() { echo "== $*" >&2; }

if [ "$section" = all ]; then
  step identity;   aws_binary sts get-caller-identity >/dev/null
  step vpc;        vpc=$(q ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId)
  aws ec2 create-tags --resources "$vpc" --tags Key=Name,Value=Lab-VPC >/dev/null
  subnet=$(q ec2 create-subnet --vpc-id "$vpc" --cidr-block 10.0.1.0/24 --query Subnet.SubnetId)
  aws ec2 modify-subnet-attribute --subnet-id "$subnet" --map-public-ip-on-launch
  igw=$(q ec2 create-internet-gateway --query InternetGateway.InternetGatewayId)
  aws ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
  rtb=$(q ec2 create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
  aws ec2 create-route --route-table-id "$rtb" --destination-cidr-block 0.0.0.0/0 --gateway-id "$igw" >/dev/null
  aws ec2 associate-route-table --route-table-id "$rtb" --subnet-id "$subnet" >/dev/null
  step security-group
  sg=$(q ec2 create-security-group --group-name "lab-ssh-$run" --description "SSH and HTTP" --vpc-id "$vpc" --query GroupId)
  aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 22 --cidr 0.0.0.0/0 >/dev/null
  aws ec2 describe-security-groups --group-ids "$sg" >/dev/null
  step instance
  aws ec2 create-key-pair --key-name "lab-key-$run" --query KeyMaterial --output text >/dev/null
  ami=$(q ec2 describe-images --owners amazon --filters 'Name=name,Values=al2023-ami-2023*-x86_64' --query 'Images[0].ImageId')
  instance=$(q ec2 run-instances --image-id "$ami" --instance-type t2.micro --key-name "lab-key-$run" --subnet-id "$subnet" --security-group-ids "$sg" --query 'Instances[0].InstanceId')
  aws ec2 describe-instances --instance-ids "$instance" >/dev/null
  step flow-logs
  aws s3 mb "s3://flow-logs-$run" >/dev/null
  notes=$(mktemp "${TMPDIR:-/tmp}/lab-notes-$run.XXXXXX")  # unique: two suites may run at once
  printf 'notes by hand\n' > "$notes"
  aws s3 cp "$notes" "s3://flow-logs-$run/by hand/notes (1).txt" >/dev/null
  rm -f "$notes"
  [ "$(aws s3 cp "s3://flow-logs-$run/by hand/notes (1).txt" -)" = "notes by hand" ]
  aws s3 ls "s3://flow-logs-$run/" --recursive >/dev/null
  aws s3api put-bucket-tagging --bucket "flow-logs-$run" --tagging 'TagSet=[{Key=lab,Value=vpc-flow-logs}]'
  aws ec2 create-flow-logs --resource-type VPC --resource-ids "$vpc" --traffic-type ALL --log-destination-type s3 --log-destination "arn:aws:s3:::flow-logs-$run" --max-aggregation-interval 60 >/dev/null
  role_arn=$(q iam create-role --role-name "flow-logs-$run" --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"vpc-flow-logs.amazonaws.com"},"Action":"sts:AssumeRole"}]}' --query Role.Arn)
  aws iam put-role-policy --role-name "flow-logs-$run" --policy-name logs --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:DescribeLogStreams"],"Resource":"*"}]}'
  aws logs create-log-group --log-group-name "vpc-flow-logs-$run"
  aws ec2 create-flow-logs --resource-type VPC --resource-ids "$vpc" --traffic-type REJECT --log-group-name "vpc-flow-logs-$run" --deliver-logs-permission-arn "$role_arn" --max-aggregation-interval 60 >/dev/null
  aws ec2 describe-flow-logs --filter "Name=resource-id,Values=$vpc" >/dev/null
  step metric-filter
  pattern='[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]'
  aws logs put-metric-filter --log-group-name "vpc-flow-logs-$run" --filter-name ssh-rejects --filter-pattern "$pattern" \
    --metric-transformations metricName=SSHRejects,metricNamespace=LabMetrics,metricValue=1
  aws logs test-metric-filter --filter-pattern "$pattern" --log-event-messages '2 000000000000 eni-0a1b2c3d4e5f60718 192.0.2.44 10.0.1.10 51234 22 6 3 180 1700000000 1700000060 REJECT OK' >/dev/null
  aws logs describe-metric-filters --log-group-name "vpc-flow-logs-$run" >/dev/null
  step sns
  topic=$(q sns create-topic --name Default_CloudWatch_Alarms_Topic --query TopicArn)
  aws sns subscribe --topic-arn "$topic" --protocol email --notification-endpoint student@example.com >/dev/null
fi

step cloudwatch
topic_arn="arn:aws:sns:us-east-1:000000000000:Default_CloudWatch_Alarms_Topic"
aws_binary cloudwatch put-metric-data --namespace "LabMetrics-$run" --metric-name SSHRejects --value 2 --unit Count
aws cloudwatch list-metrics --namespace "LabMetrics-$run" >/dev/null
aws cloudwatch put-metric-alarm --alarm-name "ssh-rejects-$run" --namespace "LabMetrics-$run" --metric-name SSHRejects --statistic Sum --period 60 \
  --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions "$topic_arn"
state=$(q cloudwatch describe-alarms --alarm-names "ssh-rejects-$run" --query 'MetricAlarms[0].AlarmName')
[ "$state" = "ssh-rejects-$run" ]
aws cloudwatch set-alarm-state --alarm-name "ssh-rejects-$run" --state-value ALARM --state-reason "by hand"
aws cloudwatch describe-alarm-history --alarm-name "ssh-rejects-$run" >/dev/null
aws cloudwatch get-metric-statistics --namespace "LabMetrics-$run" --metric-name SSHRejects --statistics Sum --period 60 \
  --start-time "$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)" --end-time "$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
# An error must come back as the service's error, parsed: the CLI prints its code and exits 254 (v2) or 255 (v1).
if out=$(aws cloudwatch set-alarm-state --alarm-name "missing-$run" --state-value OK --state-reason x 2>&1); then echo "set-alarm-state on a missing alarm succeeded" >&2; exit 1; fi
grep -q 'ResourceNotFound' <<<"$out" || { echo "unexpected error: $out" >&2; exit 1; }
aws cloudwatch delete-alarms --alarm-names "ssh-rejects-$run"
[ "$section" = all ] || { echo "CLI CLOUDWATCH OK"; exit 0; }

step athena
aws athena update-work-group --work-group primary --configuration-updates "ResultConfigurationUpdates={OutputLocation=s3://flow-logs-$run/athena/}"
exec_id=$(q athena start-query-execution --query-string "CREATE DATABASE IF NOT EXISTS vpclogs_$run" --query QueryExecutionId)
for _ in $(seq 1 300); do
  st=$(q athena get-query-execution --query-execution-id "$exec_id" --query QueryExecution.Status.State)
  case $st in SUCCEEDED) break ;; FAILED|CANCELLED) echo "query $st" >&2; exit 1 ;; esac
  sleep 0.2
done
[ "$st" = SUCCEEDED ]
aws athena get-query-results --query-execution-id "$exec_id" >/dev/null
aws athena list-work-groups >/dev/null
step cleanup
aws ec2 terminate-instances --instance-ids "$instance" >/dev/null
aws sns delete-topic --topic-arn "$topic"
echo "CLI LAB OK"
