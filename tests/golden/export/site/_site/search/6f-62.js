tkShard("6f-62",[
["oberbegriff",0,"top","Top","en","Oberbegriff"]
]);
