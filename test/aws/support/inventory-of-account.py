"""Every resource of the kinds the AWS playbooks make, read with boto3 (independent of pgplay).

Prints one JSON object: kind -> sorted list of short descriptions. The account's defaults (the
default VPC and what moto puts in it, main route tables, default security groups) are left out, so
an account the teardown emptied prints only empty lists.
Environment: the emulator's (AWS_ENDPOINT_URL, fake credentials); argv[1] is the region.
"""
import json
import sys

import boto3

region = sys.argv[1]
ec2 = boto3.client("ec2", region_name=region)
elb = boto3.client("elbv2", region_name=region)
s3 = boto3.client("s3", region_name=region)
iam = boto3.client("iam", region_name=region)

vpcs = [v for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")]
own = {v["VpcId"] for v in vpcs}
tags = lambda r: {t["Key"]: t["Value"] for t in r.get("Tags", [])}
out = {
    "vpcs": [f'{tags(v).get("Name")} {v["CidrBlock"]}' for v in vpcs],
    "subnets": [f'{s["CidrBlock"]} {s["AvailabilityZone"]} public={s["MapPublicIpOnLaunch"]}'
                for s in ec2.describe_subnets()["Subnets"] if s["VpcId"] in own],
    "internet_gateways": [tags(g).get("Name") for g in ec2.describe_internet_gateways()["InternetGateways"]
                          if any(a["VpcId"] in own for a in g.get("Attachments", [])) or not g.get("Attachments")],
    "route_tables": [f'{tags(r).get("Name")} routes={sorted(x.get("DestinationCidrBlock", "") for x in r["Routes"])}'
                     for r in ec2.describe_route_tables()["RouteTables"]
                     if r["VpcId"] in own and not any(a.get("Main") for a in r.get("Associations", []))],
    "security_groups": [f'{g["GroupName"]} ingress={len(g["IpPermissions"])}'
                        for g in ec2.describe_security_groups()["SecurityGroups"]
                        if g["VpcId"] in own and g["GroupName"] != "default"],
    "key_pairs": [k["KeyName"] for k in ec2.describe_key_pairs()["KeyPairs"]],
    "instances": [f'{tags(i).get("Name")} {i["InstanceType"]} profile={i.get("IamInstanceProfile", {}).get("Arn", "").split("/")[-1]}'
                  for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
                  if i["State"]["Name"] not in ("terminated", "shutting-down")],
    "load_balancers": [f'{lb["LoadBalancerName"]} {lb["Type"]} {lb["Scheme"]}' for lb in elb.describe_load_balancers()["LoadBalancers"]],
    "listeners": [f'{lb["LoadBalancerName"]} {l["Protocol"]}:{l["Port"]} -> {l["DefaultActions"][0].get("TargetGroupArn", "").split("/")[-2]}'
                  for lb in elb.describe_load_balancers()["LoadBalancers"]
                  for l in elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]],
    "target_groups": [f'{t["TargetGroupName"]} {t["Protocol"]}:{t["Port"]} check={t["HealthCheckProtocol"]}:{t["HealthCheckPort"]}{t.get("HealthCheckPath", "")} '
                      f'codes={t.get("Matcher", {}).get("HttpCode")} targets={len(elb.describe_target_health(TargetGroupArn=t["TargetGroupArn"])["TargetHealthDescriptions"])}'
                      for t in elb.describe_target_groups()["TargetGroups"]],
    "buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]],
    "roles": [f'{r["RoleName"]} inline={iam.list_role_policies(RoleName=r["RoleName"])["PolicyNames"]}' for r in iam.list_roles()["Roles"]],
    "instance_profiles": [f'{p["InstanceProfileName"]} roles={[r["RoleName"] for r in p["Roles"]]}'
                          for p in iam.list_instance_profiles()["InstanceProfiles"]],
}
print(json.dumps({k: sorted(v) for k, v in out.items()}, indent=1))
