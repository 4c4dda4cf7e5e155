"""Runs the conformance cases (cases.json) through botocore against an emulator endpoint.

Usage: botocore_run.py ENDPOINT RUN_ID
Prints one JSON document: the botocore version and, per run, each case's outcome ("ok", the error
code the client parsed, or "EXCEPTION ..." when botocore could not parse the answer). The whole list
runs once in each client's default protocols, then CloudWatch's cases run again in every other
protocol its model lists that this botocore can speak (awsQuery, JSON, RPC v2 CBOR), by giving the
loader a copy of the model whose protocol is that one.
"""
import copy
import datetime
import json
import os
import sys
import tempfile
import time

import botocore
import botocore.loaders
import botocore.serialize
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))


def session_for(cloudwatch_protocol, tmp):
    """A botocore session; with a protocol, its loader sees CloudWatch's model speaking only that one."""
    session = botocore.session.get_session()
    if cloudwatch_protocol:
        original = botocore.loaders.create_loader().load_service_model('cloudwatch', 'service-2')
        model = copy.deepcopy(original)
        model['metadata']['protocol'] = cloudwatch_protocol
        model['metadata']['protocols'] = [cloudwatch_protocol]
        where = os.path.join(tmp, cloudwatch_protocol, 'cloudwatch', model['metadata']['apiVersion'])
        os.makedirs(where, exist_ok=True)
        with open(os.path.join(where, 'service-2.json'), 'w') as f:
            json.dump(model, f)
        loader = botocore.loaders.create_loader()
        loader.search_paths.insert(0, os.path.join(tmp, cloudwatch_protocol))
        session.register_component('data_loader', loader)
    return session


def other_cloudwatch_protocols():
    """The protocols CloudWatch's model lists besides its default, that this botocore can serialize."""
    metadata = botocore.loaders.create_loader().load_service_model('cloudwatch', 'service-2')['metadata']
    listed = metadata.get('protocols') or [metadata['protocol']]
    return [p for p in listed if p != metadata['protocol'] and p in botocore.serialize.SERIALIZERS]


def resolve(value, saved):
    """Substitutes saved values and relative times into a case's params."""
    if isinstance(value, str):
        for name, v in saved.items():
            value = value.replace('${' + name + '}', str(v))
        return value
    if isinstance(value, list):
        return [resolve(v, saved) for v in value]
    if isinstance(value, dict):
        now = time.time()
        if '$date' in value:
            return datetime.datetime.fromtimestamp(now + value['$date'], tz=datetime.timezone.utc)
        if '$epochMs' in value:
            return int((now + value['$epochMs']) * 1000)
        if '$epochS' in value:
            return int(now + value['$epochS'])
        return {k: resolve(v, saved) for k, v in value.items()}
    return value


def dig(data, path):
    for part in path.split('.'):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def run_cases(session, endpoint, cases, saved):
    config = Config(retries={'max_attempts': 1}, s3={'addressing_style': 'path'}, read_timeout=60)
    clients = {}
    results = []
    for i, case in enumerate(cases):
        name = case['service']
        if name not in clients:
            clients[name] = session.create_client(name, region_name='us-east-1', endpoint_url=endpoint, aws_access_key_id='test', aws_secret_access_key='test', config=config)
        client = clients[name]
        params = resolve(case['params'], saved)
        method = getattr(client, botocore.xform_name(case['operation']))
        result = {'index': i, 'service': name, 'operation': case['operation'], 'expect': case['expect']}
        try:
            out = method(**params)
            for _ in range(600):
                wait = case.get('wait')
                if not wait or dig(out, wait['path']) in wait['until']:
                    break
                time.sleep(0.1)
                out = method(**params)
            result['outcome'] = 'ok'
            result['status'] = out['ResponseMetadata']['HTTPStatusCode']
            for key, path in case.get('save', {}).items():
                saved[key] = dig(out, path)
            mismatched = {k: out.get(k) for k, v in case.get('check', {}).items() if out.get(k) != v}
            if mismatched:
                result['outcome'] = 'MISMATCH ' + json.dumps(mismatched, default=str)
        except ClientError as err:
            result['outcome'] = err.response.get('Error', {}).get('Code') or 'no code'
            result['status'] = err.response.get('ResponseMetadata', {}).get('HTTPStatusCode')
            result['message'] = err.response.get('Error', {}).get('Message')
        except Exception as err:  # a parse failure, a crash: what this suite exists to catch
            result['outcome'] = 'EXCEPTION %s: %s' % (type(err).__name__, str(err)[:300])
        results.append(result)
    return results


def main():
    endpoint, run_id = sys.argv[1], sys.argv[2]
    with open(os.path.join(HERE, 'cases.json')) as f:
        cases = json.load(f)['cases']
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        saved = {'run': run_id}
        default_protocol = botocore.loaders.create_loader().load_service_model('cloudwatch', 'service-2')['metadata']['protocol']
        runs.append({'cloudwatchProtocol': default_protocol, 'results': run_cases(session_for(None, tmp), endpoint, cases, saved)})
        cloudwatch_cases = [c for c in cases if c['service'] == 'cloudwatch']
        for protocol in other_cloudwatch_protocols():
            saved_for = dict(saved, run='%s-%s' % (run_id, protocol))
            runs.append({'cloudwatchProtocol': protocol, 'results': run_cases(session_for(protocol, tmp), endpoint, cloudwatch_cases, saved_for)})
    json.dump({'botocore': botocore.__version__, 'python': sys.executable, 'runs': runs}, sys.stdout)


if __name__ == '__main__':
    main()
